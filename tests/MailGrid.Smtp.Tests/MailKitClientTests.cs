using System.Net;
using System.Net.Sockets;
using MailGrid.Smtp.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Smtp.Tests;

/// <summary>An independent client implementation (MailKit) against the engine.</summary>
public sealed class MailKitClientTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Message_arrives_byte_exact_including_lines_starting_with_dots()
    {
        var message = NewMessage("dots@example.com", "Dots");
        message.Body = new TextPart("plain") { Text = "first line\n.single dot\n..two dots\n.\nlast line\n" };

        await SendAsync(message);

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "dots@example.com");
        Assert.Equal(Serialize(message), stored.Body);
        Assert.StartsWith("Received: from ", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Contains("for <dots@example.com>;", stored.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_bit_body_is_sent_with_8bitmime_and_kept_intact()
    {
        var message = NewMessage("eightbit@example.com", "Grüße");
        var part = new TextPart("plain");
        part.SetText("utf-8", "Grüße aus Köln – 3 € pro Stück\n");
        part.ContentTransferEncoding = ContentEncoding.EightBit;
        message.Body = part;

        await SendAsync(message);

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "eightbit@example.com");
        Assert.Equal("8BITMIME", stored.Transaction.MailParameters["BODY"]);
        Assert.Equal(Serialize(message), stored.Body);
        Assert.Contains("Grüße aus Köln – 3 € pro Stück\r\n", System.Text.Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
    }

    private static MimeMessage NewMessage(string to, string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    private async Task SendAsync(MimeMessage message)
    {
        // Own socket with NoDelay: MailKit's own connect costs ~45 ms on this loopback.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        using var client = new SmtpClient();
        await client.ConnectAsync(socket, "127.0.0.1", server.Port, SecureSocketOptions.None);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));
        Assert.Equal(64 * 1024, (int)client.MaxSize);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }

    private static byte[] Serialize(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
