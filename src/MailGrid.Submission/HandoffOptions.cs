using System.ComponentModel.DataAnnotations;

namespace MailGrid.Submission;

/// <summary>Settings of the durable handoff, whichever front end submits (section <c>MailGrid:Handoff</c>).</summary>
public sealed class HandoffOptions
{
    public const string SectionName = "MailGrid:Handoff";

    /// <summary>
    /// How long a commit waits for the grains to confirm the message is durable before it fails (SMTP answers
    /// 451 4.3.0 at the end of DATA). Default 30 s, well inside the 10-minute wait RFC 5321 4.5.3.2.6 gives the client.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a recipient check (SMTP: RCPT) or a login lookup waits for the directory grain. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RecipientCheckTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
