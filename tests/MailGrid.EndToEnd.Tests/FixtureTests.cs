using MailGrid.Testing;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailGrid.EndToEnd.Tests;

/// <summary>The shared fixtures themselves work against real sockets and a real redis-server.</summary>
public sealed class FixtureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SmtpSinkRecordsMailKitMessageByteExactWithDotUnstuffing()
    {
        await using var sink = SmtpSink.Start();
        var message = NewMessage("Line one\r\n.starts with a dot\r\n..two dots\r\n.\r\nlast line\r\n");

        var reply = await SmtpTestClient.SendAsync(sink.Port, message);

        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Timeout));
        Assert.StartsWith("2.0.0 Ok", reply, StringComparison.Ordinal);
        Assert.Equal("sender@example.test", received.Sender);
        Assert.Equal(["rcpt@example.test"], received.Recipients);
        Assert.Equal(ToWireBytes(message), received.Data);
        Assert.Equal(message.TextBody, received.ToMimeMessage().TextBody);
    }

    [Fact]
    public async Task SmtpSinkScripted4xxIsRetriedAnd5xxIsFinal()
    {
        await using var sink = SmtpSink.Start();
        var calls = 0;
        sink.RecipientReply = address => address.StartsWith("nobody@", StringComparison.Ordinal)
            ? "550 5.1.1 no such user"
            : Interlocked.Increment(ref calls) == 1 ? "450 4.2.0 try later" : null;

        await SmtpTestClient.SendWithRetryAsync(sink.Port, NewMessage("hello\r\n"), Timeout);
        var rejected = await Assert.ThrowsAsync<SmtpCommandException>(
            () => SmtpTestClient.SendAsync(sink.Port, NewMessage("hello\r\n", to: "nobody@example.test")));

        Assert.Equal(2, calls);
        Assert.Equal(550, (int)rejected.StatusCode);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task SmtpSinkRejectingConnectionsAnswers421AndWaitReportsWhatWasAwaited()
    {
        await using var sink = SmtpSink.Start();
        sink.RejectConnections = true;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => SmtpTestClient.SendAsync(sink.Port, NewMessage("hi\r\n")));
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => sink.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(50)));

        Assert.True(SmtpTestClient.IsTransient(failure), failure.ToString());
        Assert.Equal(1, sink.ConnectionCount);
        Assert.Contains("for 1 message(s) but received 0", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisServerAnswersPingOnItsLoopbackConnectionString()
    {
        await using var redis = await RedisServer.StartAsync();

        Assert.True(await redis.PingAsync());
        Assert.Equal($"127.0.0.1:{redis.Port}", redis.ConnectionString);
    }

    private static MimeMessage NewMessage(string body, string to = "rcpt@example.test")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@example.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "fixture test";
        message.MessageId = "fixture@example.test";
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private static byte[] ToWireBytes(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
