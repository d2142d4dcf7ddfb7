using System.Text;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>A committed message as the engine handed it over.</summary>
public sealed record RecordedMessage(string Id, SmtpTransaction Transaction, byte[] Stored, long CommittedSize)
{
    /// <summary>Length of the Received header the engine put first (up to the first CRLF not followed by a tab).</summary>
    public int HeaderLength
    {
        get
        {
            var text = Encoding.Latin1.GetString(Stored);
            var end = 0;
            do
            {
                end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
            }
            while (end < text.Length && text[end] == '\t');
            return end;
        }
    }

    public string ReceivedHeader => Encoding.UTF8.GetString(Stored, 0, HeaderLength);

    public byte[] Body => Stored[HeaderLength..];
}
