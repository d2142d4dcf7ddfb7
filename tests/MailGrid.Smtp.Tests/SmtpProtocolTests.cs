using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Exact reply lines over a raw socket, one session per test.</summary>
public sealed class SmtpProtocolTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Ehlo_advertises_only_implemented_extensions()
    {
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
        await client.SendAsync("EHLO client.test\r\n");
        Assert.Equal(
            ["250-mx.test.mailgrid", "250-STARTTLS", "250-PIPELINING", "250-SIZE 65536", "250-8BITMIME", "250-CHUNKING", "250-BINARYMIME", "250-SMTPUTF8", "250-DSN", "250 ENHANCEDSTATUSCODES"],
            await client.ReadReplyAsync());
        Assert.Equal("250 mx.test.mailgrid", await client.CommandAsync("HELO other.test"));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Commands_out_of_sequence_get_503()
    {
        await using var client = await server.ConnectAsync();
        await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<b@example.com>"));
        Assert.Equal("250 mx.test.mailgrid", await client.CommandAsync("HELO client.test"));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("DATA"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("503 5.5.1 Error: nested MAIL command", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("554 5.5.1 Error: no valid recipients", await client.CommandAsync("DATA"));
        Assert.Equal("550 5.1.1 Error: no such user", await client.CommandAsync("RCPT TO:<reject550@example.com>"));
        Assert.Equal("554 5.5.1 Error: no valid recipients", await client.CommandAsync("DATA"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<b@example.com>"));
    }

    [Fact]
    public async Task Syntax_errors_and_unknown_commands()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("FOO bar"));
        Assert.Equal("501 5.5.4 Syntax: EHLO hostname", await client.CommandAsync("EHLO"));
        Assert.Equal("501 5.5.4 Syntax: MAIL FROM:<address>", await client.CommandAsync("MAIL FROM:a@example.com"));
        Assert.Equal("501 5.5.4 Syntax: MAIL FROM:<address>", await client.CommandAsync("MAIL FROM:<a@@example.com>"));
        Assert.Equal("501 5.5.4 Syntax: MAIL FROM:<address>", await client.CommandAsync("MAIL TO:<a@example.com>"));
        Assert.Equal("501 5.5.4 Error: SIZE must be a number", await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=ten"));
        Assert.Equal("501 5.5.4 Error: BODY must be 7BIT, 8BITMIME or BINARYMIME", await client.CommandAsync("MAIL FROM:<a@example.com> BODY=BASE64"));
        Assert.Equal("555 5.5.4 Error: unsupported parameter FOO", await client.CommandAsync("MAIL FROM:<a@example.com> FOO=bar"));
    }

    [Fact]
    public async Task Syntax_errors_in_a_transaction()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=1000 BODY=8BITMIME"));
        Assert.Equal("501 5.5.4 Syntax: RCPT TO:<address>", await client.CommandAsync("RCPT TO:<>"));
        Assert.Equal("555 5.5.4 Error: unsupported parameter FOO", await client.CommandAsync("RCPT TO:<b@example.com> FOO=BAR"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<b@example.com>"));
        Assert.Equal("501 5.5.4 Syntax: DATA", await client.CommandAsync("DATA now"));
    }

    [Fact]
    public async Task Declared_size_over_the_limit_is_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("552 5.3.4 Error: message size exceeds fixed maximum message size", await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=65537"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=65536"));
    }

    [Fact]
    public async Task Too_many_recipients_get_452()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<r{i}@example.com>"));
        }

        Assert.Equal("452 4.5.3 Error: too many recipients", await client.CommandAsync("RCPT TO:<r4@example.com>"));
    }

    [Fact]
    public async Task Over_long_line_is_refused_and_the_session_goes_on()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("500 5.5.2 Error: line too long", await client.CommandAsync("NOOP " + new string('x', 5000)));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Too_many_errors_end_the_session_with_421()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal("500 5.5.2 Error: command not recognized", await client.CommandAsync("XYZZY"));
        }

        await client.SendAsync("XYZZY\r\n");
        Assert.Equal(["500 5.5.2 Error: command not recognized"], await client.ReadReplyAsync());
        Assert.Equal(["421 4.7.0 mx.test.mailgrid Error: too many errors"], await client.ReadReplyAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Handler_failures_at_mail_and_rcpt_get_451_and_the_session_goes_on()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("451 4.3.0 Error: temporary failure, try again later", await client.CommandAsync("MAIL FROM:<tempfail@example.com>"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("451 4.3.0 Error: temporary failure, try again later", await client.CommandAsync("RCPT TO:<fail451@example.com>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<b@example.com>"));
    }

    [Fact]
    public async Task Vrfy_expn_help_noop()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery", await client.CommandAsync("VRFY postmaster"));
        Assert.Equal("502 5.5.1 Error: EXPN not supported", await client.CommandAsync("EXPN staff"));
        await client.SendAsync("HELP\r\n");
        Assert.Equal(["214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP", "214 2.0.0 See RFC 5321"], await client.ReadReplyAsync());
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("noop"));
    }

    [Fact]
    public async Task Pipelined_commands_get_their_replies_in_order()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.SendAsync("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<reject550@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n");
        Assert.Equal("250 2.1.0 Ok", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.1.5 Ok", (await client.ReadReplyAsync())[0]);
        Assert.Equal("550 5.1.1 Error: no such user", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.1.5 Ok", (await client.ReadReplyAsync())[0]);
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", (await client.ReadReplyAsync())[0]);
        var reply = await client.CommandAsync("Subject: pipelined\r\n\r\nhello\r\n.");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var message = server.Handler.Messages[reply[^7..]];
        Assert.Equal(["b@example.com", "c@example.com"], message.Transaction.Recipients.Select(r => r.Address));
        Assert.Equal("C@EXAMPLE.COM", message.Transaction.Recipients[1].HandlerState);
    }

    [Fact]
    public async Task Addresses_follow_the_rfc_5321_grammar()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<Postmaster>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<@relay.example,@b.example:user@c.example>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO: <\"john doe\"@[192.0.2.1]>"));
        var reply = await client.CommandAsync("DATA");
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", reply);
        var queued = await client.CommandAsync("\r\n.");
        var message = server.Handler.Messages[queued[^7..]];
        Assert.Equal("", message.Transaction.ReversePath);
        Assert.Equal(["postmaster", "user@c.example", "\"john doe\"@[192.0.2.1]"], message.Transaction.Recipients.Select(r => r.Address));
    }

    [Fact]
    public async Task Session_info_reports_listener_and_trust()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<trust-check@example.com>"));
        var session = server.Handler.LastSession!;
        Assert.Equal("mx", session.ListenerName);
        Assert.True(session.IsTrustedClient);
        Assert.Equal("client.test", session.HeloName);
        Assert.True(session.IsExtended);
    }
}
