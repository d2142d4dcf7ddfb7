using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>SMTPUTF8 (RFC 6531) and DSN (RFC 3461) parameters over a raw socket: what the handler gets, and every refusal.</summary>
public sealed class EsmtpParameterTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Dsn_parameters_reach_the_handler_validated_and_decoded()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com> ret=hdrs ENVID=QQ+2B314+3Dx SIZE=100"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<dsn@example.com> NOTIFY=success,Delay ORCPT=rfc822;dsn+2Borig@example.com"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<never@example.com> NOTIFY=NEVER"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<plain@example.com>"));
        var transaction = await SendBodyAsync(client);

        Assert.Equal("HDRS", transaction.MailParameters["RET"]);
        Assert.Equal("QQ+314=x", transaction.MailParameters["ENVID"]);
        Assert.Equal("100", transaction.MailParameters["SIZE"]);
        Assert.Equal("SUCCESS,DELAY", transaction.Recipients[0].Parameters["NOTIFY"]);
        Assert.Equal("rfc822;dsn+orig@example.com", transaction.Recipients[0].Parameters["ORCPT"]);
        Assert.Equal("NEVER", transaction.Recipients[1].Parameters["NOTIFY"]);
        Assert.Empty(transaction.Recipients[2].Parameters);
    }

    [Fact]
    public async Task Utf8_orcpt_is_decoded_from_its_embedded_unicode_form()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com> SMTPUTF8"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<j\u00f6rg@example.com> ORCPT=utf-8;j\\x{F6}rg@b\u00fccher.example"));
        var transaction = await SendBodyAsync(client);
        Assert.Equal("utf-8;j\u00f6rg@b\u00fccher.example", transaction.Recipients[0].Parameters["ORCPT"]);
    }

    [Theory]
    [InlineData("RET=NONE", "501 5.5.4 Error: RET must be FULL or HDRS")]
    [InlineData("RET=FULL RET=HDRS", "501 5.5.4 Error: duplicate parameter RET")]
    [InlineData("ENVID=a+2", "501 5.5.4 Error: bad ENVID parameter syntax")]
    [InlineData("ENVID=a+2b", "501 5.5.4 Error: bad ENVID parameter syntax")]
    [InlineData("ENVID=a+0A", "501 5.5.4 Error: bad ENVID parameter syntax")]
    [InlineData("ENVID=x envid=y", "501 5.5.4 Error: duplicate parameter ENVID")]
    [InlineData("ENVID=a=b", "501 5.5.4 Syntax: invalid ESMTP parameter")]
    [InlineData("SMTPUTF8=yes", "501 5.5.4 Error: SMTPUTF8 takes no value")]
    [InlineData("BODY=8BITMIME body=7BIT", "501 5.5.4 Error: duplicate parameter BODY")]
    [InlineData("AUTH=a+2", "501 5.5.4 Error: bad AUTH parameter syntax")]
    [InlineData("NOTIFY=NEVER", "555 5.5.4 Error: unsupported parameter NOTIFY")]
    public async Task Bad_mail_parameters_are_refused(string parameters, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal(expected, await client.CommandAsync($"MAIL FROM:<a@example.com> {parameters}"));
    }

    [Fact]
    public async Task Envid_longer_than_100_characters_is_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("501 5.5.4 Error: bad ENVID parameter syntax", await client.CommandAsync($"MAIL FROM:<a@example.com> ENVID={new string('e', 101)}"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync($"MAIL FROM:<a@example.com> ENVID={new string('e', 100)} AUTH=<>"));
    }

    [Theory]
    [InlineData("NOTIFY=NEVER,SUCCESS", "501 5.5.4 Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY")]
    [InlineData("NOTIFY=SUCCESS,SUCCESS", "501 5.5.4 Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY")]
    [InlineData("NOTIFY=SUCCESS,", "501 5.5.4 Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY")]
    [InlineData("NOTIFY=ALWAYS", "501 5.5.4 Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY")]
    [InlineData("NOTIFY=SUCCESS NOTIFY=FAILURE", "501 5.5.4 Error: duplicate parameter NOTIFY")]
    [InlineData("ORCPT=rfc822", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=;a@example.com", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=rfc822;", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=rfc822;a+ZZ@example.com", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=rfc(822);a@example.com", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=utf-8;a\\x{1}@example.com", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("ORCPT=utf-8;a+2B@example.com", "501 5.5.4 Error: bad ORCPT parameter syntax")]
    [InlineData("RET=FULL", "555 5.5.4 Error: unsupported parameter RET")]
    public async Task Bad_recipient_parameters_are_refused(string parameters, string expected)
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal(expected, await client.CommandAsync($"RCPT TO:<b@example.com> {parameters}"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<b@example.com>"));
    }

    [Fact]
    public async Task Orcpt_longer_than_500_characters_is_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        var address = new string('o', 490) + "@example.com";
        Assert.Equal("501 5.5.4 Error: bad ORCPT parameter syntax", await client.CommandAsync($"RCPT TO:<b@example.com> ORCPT=rfc822;{address}"));
    }

    [Fact]
    public async Task Utf8_addresses_need_smtputf8_and_then_arrive_as_correct_strings()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("553 5.6.7 Error: non-ASCII addresses require SMTPUTF8", await client.CommandAsync("MAIL FROM:<j\u00f6rg@example.com>"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("553 5.6.7 Error: non-ASCII addresses require SMTPUTF8", await client.CommandAsync("RCPT TO:<\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a>"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));

        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<j\u00f6rg@b\u00fccher.example> SMTPUTF8 BODY=8BITMIME"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a>"));
        var transaction = await SendBodyAsync(client);
        Assert.Equal("j\u00f6rg@b\u00fccher.example", transaction.ReversePath);
        Assert.Equal("\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", transaction.Recipients[0].Address);
        Assert.Equal("", transaction.MailParameters["SMTPUTF8"]);
    }

    [Fact]
    public async Task Invalid_utf8_in_an_address_is_a_syntax_error()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.SendAsync([.. "MAIL FROM:<a"u8, 0xC3, 0x28, .. "@example.com> SMTPUTF8\r\n"u8]);
        Assert.Equal("501 5.5.4 Syntax: MAIL FROM:<address>", (await client.ReadReplyAsync())[0]);
    }

    private async Task<SmtpTransaction> SendBodyAsync(RawSmtpClient client)
    {
        await client.SendAsync("BDAT 9 LAST\r\nSubject: ");
        var reply = (await client.ReadReplyAsync())[0];
        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var message = server.Handler.Messages[reply[^7..]];
        Assert.Equal("Subject: ", Encoding.ASCII.GetString(message.Body));

        // RFC 6531 3.7.3: an SMTPUTF8 transaction is received "with UTF8SMTP".
        var protocol = message.Transaction.MailParameters.ContainsKey("SMTPUTF8") ? "UTF8SMTP" : "ESMTP";
        Assert.Contains($"(MailGrid) with {protocol} id ", message.ReceivedHeader, StringComparison.Ordinal);
        return message.Transaction;
    }
}
