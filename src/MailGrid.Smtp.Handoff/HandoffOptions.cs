using System.ComponentModel.DataAnnotations;

namespace MailGrid.Smtp.Handoff;

/// <summary>Settings of the durable handoff (section <c>MailGrid:Handoff</c>).</summary>
public sealed class HandoffOptions
{
    public const string SectionName = "MailGrid:Handoff";

    /// <summary>
    /// How long the end of DATA waits for the grains to confirm the message is durable before answering
    /// 451 4.3.0. Default 30 s, well inside the 10-minute wait RFC 5321 4.5.3.2.6 gives the client.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long RCPT waits for the directory before answering 451. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RecipientCheckTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
