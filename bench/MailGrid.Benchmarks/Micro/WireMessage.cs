using System.Text;

namespace MailGrid.Benchmarks.Micro;

/// <summary>Message text of a given size in 78-character lines, as clients send it.</summary>
internal static class WireMessage
{
    /// <summary>Headers and body lines up to <paramref name="size"/> bytes; every <paramref name="dotEvery"/>th line is dot-stuffed (0: none).</summary>
    public static string Body(int size, int dotEvery = 0)
    {
        var text = new StringBuilder(size + 256);
        text.Append("From: sender@example.org\r\nTo: recipient@example.com\r\nSubject: benchmark\r\n\r\n");
        var line = 0;
        while (text.Length < size)
        {
            line++;
            text.Append(dotEvery > 0 && line % dotEvery == 0 ? ".." : "");
            text.Append('x', 76).Append("\r\n");
        }

        return text.ToString();
    }
}
