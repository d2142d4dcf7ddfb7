using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>DATA over a raw socket: the stored bytes, the Received header, the limits and the failures.</summary>
public sealed class SmtpDataTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Body_is_unstuffed_byte_exact_behind_the_received_header()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com> BODY=8BITMIME");
        await client.CommandAsync("RCPT TO:<exact@example.com>");
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));

        // Segment boundaries fall inside the terminator and inside a stuffed dot.
        await client.SendAsync("Subject: dots\r\n\r\n..one\r\n...two\r\nbare\nLF\n.\r\nnul\0byte \u00e9\r\n.");
        await client.SendAsync("x\r\n\r\n.\r");
        await client.SendAsync("\n");
        var reply = (await client.ReadReplyAsync())[0];

        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var message = server.Handler.Messages[reply[^7..]];
        Assert.Equal("Subject: dots\r\n\r\n.one\r\n..two\r\nbare\r\nLF\r\n.\r\nnul\0byte \u00e9\r\nx\r\n\r\n", Encoding.UTF8.GetString(message.Body));
        Assert.Equal(
            $"Received: from client.test (127.0.0.1 [127.0.0.1])\r\n\tby mx.test.mailgrid (MailGrid) with ESMTP id {message.Id}\r\n\tfor <exact@example.com>; Sun, 01 Mar 2026 12:30:05 +0000\r\n",
            message.ReceivedHeader);
        Assert.Equal(message.Stored.Length, message.CommittedSize);
        Assert.Equal("8BITMIME", message.Transaction.MailParameters["BODY"]);
    }

    [Fact]
    public async Task A_body_of_bare_line_feeds_is_stored_with_every_one_normalised()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<barelf@example.com>");
        await client.CommandAsync("DATA");

        // 20,000 bare LFs in one write: the stored copy doubles in size (every LF becomes CRLF).
        await client.SendAsync("Subject: lf\r\n\r\n" + new string('\n', 20_000) + "end\r\n.\r\n");
        var reply = (await client.ReadReplyAsync())[0];

        Assert.StartsWith("250 2.0.0", reply, StringComparison.Ordinal);
        var body = Encoding.ASCII.GetString(server.Handler.Messages[reply[^7..]].Body);
        Assert.Equal("Subject: lf\r\n\r\n" + string.Concat(Enumerable.Repeat("\r\n", 20_000)) + "end\r\n", body);
    }

    [Fact]
    public async Task Helo_session_with_two_recipients_names_smtp_and_no_recipient()
    {
        await using var client = await server.ConnectAsync();
        await client.ReadReplyAsync();
        await client.CommandAsync("HELO old.client");
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<one@example.com>");
        await client.CommandAsync("RCPT TO:<two@example.com>");
        await client.CommandAsync("DATA");
        var reply = await client.CommandAsync("Subject: x\r\n\r\nempty\r\n.");
        var message = server.Handler.Messages[reply[^7..]];
        Assert.Equal(
            $"Received: from old.client (127.0.0.1 [127.0.0.1])\r\n\tby mx.test.mailgrid (MailGrid) with SMTP id {message.Id}; Sun, 01 Mar 2026 12:30:05 +0000\r\n",
            message.ReceivedHeader);
    }

    [Fact]
    public async Task Oversized_body_is_read_to_the_end_discarded_and_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<big@example.com>");
        await client.CommandAsync("DATA");
        var line = new string('y', 998) + "\r\n";
        var body = new StringBuilder("Subject: big\r\n\r\n");
        while (body.Length <= 70 * 1024)
        {
            body.Append(line);
        }

        var before = server.Handler.AbandonedMessageIds.Count;
        Assert.Equal("552 5.3.4 Error: message file too big", await client.CommandAsync(body + "."));
        Assert.True(server.Handler.AbandonedMessageIds.Count > before);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
    }

    [Fact]
    public async Task Body_line_over_the_limit_is_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<longline@example.com>");
        await client.CommandAsync("DATA");
        Assert.Equal("554 5.6.0 Error: message line too long", await client.CommandAsync("Subject: x\r\n\r\n" + new string('z', 9000) + "\r\n."));
    }

    [Fact]
    public async Task Commit_failure_gets_451_and_resets_the_transaction()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<commitfail@example.com>");
        await client.CommandAsync("DATA");
        Assert.Equal("451 4.3.0 Error: temporary failure, try again later", await client.CommandAsync("Subject: x\r\n\r\nbody\r\n."));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<b@example.com>"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
    }

    [Fact]
    public async Task Client_leaving_mid_message_abandons_it_and_the_server_goes_on()
    {
        var before = server.Handler.AbandonedMessageIds.Count;
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port))
        {
            await client.CommandAsync("MAIL FROM:<a@example.com>");
            await client.CommandAsync("RCPT TO:<gone@example.com>");
            await client.CommandAsync("DATA");
            await client.SendAsync("Subject: half\r\n\r\nhalf a mess");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Handler.AbandonedMessageIds.Count == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(server.Handler.AbandonedMessageIds.Count > before, "the half-sent message was not abandoned");
        await using var next = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("221 2.0.0 Bye", await next.CommandAsync("QUIT"));
    }
}
