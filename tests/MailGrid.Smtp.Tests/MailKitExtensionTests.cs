using System.Net;
using System.Net.Sockets;
using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Smtp.Tests;

/// <summary>MailKit against CHUNKING/BINARYMIME, SMTPUTF8 and DSN: what the handler receives, byte-exact.</summary>
public sealed class MailKitExtensionTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Binary_message_goes_by_bdat_with_binarymime_and_arrives_byte_exact()
    {
        var message = NewMessage("sender@example.org", "binary@example.com");
        byte[] content = [0, 1, 2, (byte)'\n', (byte)'.', (byte)'\r', (byte)'\n', (byte)'.', 0xFF, (byte)'\r', (byte)'\n', .. Enumerable.Range(0, 256).Select(i => (byte)i)];
        message.Body = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentTransferEncoding = ContentEncoding.Binary,
        };

        var log = await SendAsync(l => new DsnSmtpClient(l), message, FormatOptions.Default);

        Assert.Contains("BDAT ", log, StringComparison.Ordinal);
        var stored = Single("binary@example.com");
        Assert.Equal("BINARYMIME", stored.Transaction.MailParameters["BODY"]);
        Assert.Equal(Serialize(message, FormatOptions.Default), stored.Body);
        Assert.Equal(stored.Stored.Length, stored.CommittedSize);
    }

    [Fact]
    public async Task Text_message_sent_with_bdat_is_not_unstuffed()
    {
        var message = NewMessage("sender@example.org", "textbdat@example.com");
        message.Body = new TextPart("plain") { Text = "first\n.dot line\n.\nlast\n" };

        var log = await SendAsync(l => new DsnSmtpClient(l) { AlwaysBdat = true }, message, FormatOptions.Default);

        Assert.Contains("BDAT ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("DATA\r\n", log, StringComparison.Ordinal);
        Assert.Equal(Serialize(message, FormatOptions.Default), Single("textbdat@example.com").Body);
    }

    [Fact]
    public async Task Utf8_addresses_are_sent_with_smtputf8_and_arrive_as_strings()
    {
        var message = NewMessage("j\u00f6rg@b\u00fccher.example", "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a");
        message.Subject = "Gr\u00fc\u00dfe";
        message.Body = new TextPart("plain") { Text = "Gr\u00fc\u00dfe\n" };
        var options = FormatOptions.Default.Clone();
        options.International = true;

        var log = await SendAsync(l => new DsnSmtpClient(l), message, options);

        Assert.Contains(" SMTPUTF8", log, StringComparison.Ordinal);
        var stored = Single("\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a");
        Assert.Equal("j\u00f6rg@b\u00fccher.example", stored.Transaction.ReversePath);
        Assert.True(stored.Transaction.MailParameters.ContainsKey("SMTPUTF8"));
        Assert.Equal(Serialize(message, options), stored.Body);
    }

    [Fact]
    public async Task Dsn_options_reach_the_handler_decoded()
    {
        var message = NewMessage("sender@example.org", "dsn@example.com");
        message.Body = new TextPart("plain") { Text = "dsn\n" };
        var log = await SendAsync(
            l => new DsnSmtpClient(l)
            {
                Notify = DeliveryStatusNotification.Success | DeliveryStatusNotification.Failure,
                EnvelopeId = "env+id=42",
                DeliveryStatusNotificationType = DeliveryStatusNotificationType.HeadersOnly,
            },
            message,
            FormatOptions.Default);

        Assert.Contains("ENVID=env+2Bid+3D42", log, StringComparison.Ordinal);
        var stored = Single("dsn@example.com");
        Assert.Equal("HDRS", stored.Transaction.MailParameters["RET"]);
        Assert.Equal("env+id=42", stored.Transaction.MailParameters["ENVID"]);
        Assert.Equal("SUCCESS,FAILURE", stored.Transaction.Recipients[0].Parameters["NOTIFY"]);
        Assert.Equal("rfc822;dsn@example.com", stored.Transaction.Recipients[0].Parameters["ORCPT"]);
    }

    private RecordedMessage Single(string recipient) =>
        server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == recipient);

    private static MimeMessage NewMessage(string from, string to)
    {
        var message = new MimeMessage { Subject = "extensions" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    /// <summary>Sends over an own NoDelay socket (MailKit's own connect costs ~45 ms here); returns the protocol log.</summary>
    private async Task<string> SendAsync(Func<IProtocolLogger, DsnSmtpClient> create, MimeMessage message, FormatOptions options)
    {
        using var log = new MemoryStream();
        using (var client = create(new ProtocolLogger(log, leaveOpen: true)))
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, server.Port);
            await client.ConnectAsync(socket, "127.0.0.1", server.Port, SecureSocketOptions.None);
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Chunking | SmtpCapabilities.BinaryMime | SmtpCapabilities.UTF8 | SmtpCapabilities.Dsn));
            await client.SendAsync(options, message);
            await client.DisconnectAsync(quit: true);
        }

        return Encoding.UTF8.GetString(log.ToArray());
    }

    private static byte[] Serialize(MimeMessage message, FormatOptions format)
    {
        var options = format.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
