using MimeKit;

namespace MailGrid.Testing;

/// <summary>A message the <see cref="SmtpSink"/> accepted: envelope plus the dot-unstuffed DATA bytes.</summary>
/// <param name="Helo">The EHLO/HELO argument the client sent.</param>
/// <param name="Sender">Envelope sender from MAIL FROM (empty for the null sender &lt;&gt;).</param>
/// <param name="Recipients">Accepted envelope recipients from RCPT TO, in order.</param>
/// <param name="Data">The message bytes exactly as transferred, without the terminating ".CRLF".</param>
public sealed record ReceivedSmtpMessage(string Helo, string Sender, IReadOnlyList<string> Recipients, byte[] Data)
{
    /// <summary>ESMTP parameters after MAIL FROM:&lt;…&gt;, e.g. "RET=HDRS ENVID=x"; empty when none.</summary>
    public string MailParameters { get; init; } = string.Empty;

    /// <summary>ESMTP parameters of each accepted RCPT TO, parallel to <see cref="Recipients"/>, e.g. "NOTIFY=FAILURE ORCPT=rfc822;a@b".</summary>
    public IReadOnlyList<string> RecipientParameters { get; init; } = [];

    /// <summary>True when the transaction ran inside STARTTLS.</summary>
    public bool Tls { get; init; }

    /// <summary>The user that authenticated with AUTH before the transaction, if any.</summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>Parses <see cref="Data"/> with MimeKit.</summary>
    public MimeMessage ToMimeMessage()
    {
        using var stream = new MemoryStream(Data, writable: false);
        return MimeMessage.Load(stream);
    }
}
