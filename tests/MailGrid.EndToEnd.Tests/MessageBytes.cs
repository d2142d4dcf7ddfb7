using System.Text;
using MimeKit;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Helpers for comparing what was sent with what was stored or relayed.</summary>
internal static class MessageBytes
{
    public static MimeMessage NewMessage(string from, string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("e2e.test");
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>The message as MailKit puts it on the wire (CRLF line ends, before dot-stuffing).</summary>
    public static byte[] WireBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, stream);
        return stream.ToArray();
    }

    /// <summary>Removes the leading trace header MailGrid prepends (a folded <c>Received:</c> field).</summary>
    public static byte[] WithoutLeadingReceived(byte[] stored)
    {
        var text = Encoding.Latin1.GetString(stored);
        Assert.StartsWith("Received: ", text, StringComparison.Ordinal);
        var end = 0;
        do
        {
            end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }
        while (end < text.Length && (text[end] == ' ' || text[end] == '\t'));
        return stored[end..];
    }

    /// <summary>Every <c>Received:</c> field removed, for comparing a relayed copy that gained one per hop.</summary>
    public static byte[] WithoutLeadingReceivedFields(byte[] data)
    {
        while (Encoding.Latin1.GetString(data, 0, Math.Min(data.Length, 10)) == "Received: ")
        {
            data = WithoutLeadingReceived(data);
        }

        return data;
    }
}
