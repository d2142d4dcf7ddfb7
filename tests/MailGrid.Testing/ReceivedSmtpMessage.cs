using MimeKit;

namespace MailGrid.Testing;

/// <summary>A message the <see cref="SmtpSink"/> accepted: envelope plus the dot-unstuffed DATA bytes.</summary>
/// <param name="Helo">The EHLO/HELO argument the client sent.</param>
/// <param name="Sender">Envelope sender from MAIL FROM (empty for the null sender &lt;&gt;).</param>
/// <param name="Recipients">Accepted envelope recipients from RCPT TO, in order.</param>
/// <param name="Data">The message bytes exactly as transferred, without the terminating ".CRLF".</param>
public sealed record ReceivedSmtpMessage(string Helo, string Sender, IReadOnlyList<string> Recipients, byte[] Data)
{
    /// <summary>Parses <see cref="Data"/> with MimeKit.</summary>
    public MimeMessage ToMimeMessage()
    {
        using var stream = new MemoryStream(Data, writable: false);
        return MimeMessage.Load(stream);
    }
}
