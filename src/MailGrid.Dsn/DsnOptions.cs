using System.ComponentModel.DataAnnotations;

namespace MailGrid.Dsn;

/// <summary>Delivery status notifications (section <c>MailGrid:Dsn</c>).</summary>
public sealed class DsnOptions
{
    public const string SectionName = "MailGrid:Dsn";

    /// <summary>This MTA's name in Reporting-MTA and in the From address (MAILER-DAEMON@…). Default: the machine's host name.</summary>
    public string? ReportingMta { get; set; }

    /// <summary>How long a recipient may stay undelivered before its sender gets one "delayed" DSN. Default 4 hours (Postfix delay_warning_time is off; Sendmail uses 4 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DelayNotificationAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Largest original returned whole in a failure DSN; larger ones come back as headers only. Default 50000 bytes (Postfix bounce_size_limit).</summary>
    [Range(0, 100_000_000)]
    public long MaxReturnedMessageSize { get; set; } = 50_000;

    /// <summary>The effective reporting MTA name.</summary>
    public string ReportingMtaName => string.IsNullOrWhiteSpace(ReportingMta) ? System.Net.Dns.GetHostName() : ReportingMta;
}
