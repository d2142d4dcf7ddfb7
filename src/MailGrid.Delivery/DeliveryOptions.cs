using System.ComponentModel.DataAnnotations;

namespace MailGrid.Delivery;

/// <summary>Outbound delivery settings (section <c>MailGrid:Delivery</c>). Defaults follow Postfix.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "MailGrid:Delivery";

    /// <summary>Delay before the first retry after a temporary failure. Default 5 minutes (Postfix minimal_backoff_time is 300 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound between two tries; the delay doubles up to this. Default 1 hour (maximal_backoff_time 4000 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a message may stay queued before its remaining recipients fail. Default 5 days (maximal_queue_lifetime).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How often every silo re-wakes the domain queues listed as non-empty (recovery after a crash or silo loss). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RecoveryScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>TCP connect timeout to the next hop. Default 30 s (smtp_connect_timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout for each SMTP command and the data transfer. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Name sent in EHLO. Default: the machine's host name.</summary>
    public string? HeloName { get; set; }

    /// <summary>Use STARTTLS when the next hop offers it (certificates are not verified: opportunistic TLS). Default true. Superseded by <c>MailGrid:Delivery:Tls:Default</c> when that is set.</summary>
    public bool OpportunisticTls { get; set; } = true;
}
