using System.Text;

namespace MailGrid.LoadGenerator;

/// <summary>The wire bytes of a generated message: headers with a unique Message-ID and a padded text body.</summary>
internal static class LoadMessage
{
    public static byte[] Create(string runId, int index, string sender, string recipient, int size)
    {
        var text = new StringBuilder()
            .Append("From: <").Append(sender).Append(">\r\n")
            .Append("To: <").Append(recipient).Append(">\r\n")
            .Append("Subject: load ").Append(runId).Append(' ').Append(index).Append("\r\n")
            .Append("Message-ID: <load-").Append(runId).Append('-').Append(index).Append("@load.test>\r\n")
            .Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r")).Append("\r\n")
            .Append("\r\n");

        // 72-character lines of letters: nothing to dot-stuff, like most real bodies.
        const string line = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst\r\n";
        while (text.Length + line.Length <= size)
        {
            text.Append(line);
        }

        text.Append("end of load message ").Append(index);
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
