using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Authenticated submissions get Date and Message-ID when they lack them, through DATA and BDAT.</summary>
public sealed class SubmissionHeaderTests(AuthenticatedSessionFixture server) : IClassFixture<AuthenticatedSessionFixture>
{
    private const string Date = "Date: Sun, 01 Mar 2026 12:30:05 +0000\r\n";

    [Fact]
    public async Task Data_gets_the_missing_fields_before_the_blank_line()
    {
        await using var client = await StartAsync("data@example.com");
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
        var reply = await client.CommandAsync("Subject: s\r\n\r\n..body\r\n.");
        var message = server.Handler.Messages[reply[^7..]];

        Assert.Equal($"Subject: s\r\n{Date}Message-ID: <{message.Id}@mx.test.mailgrid>\r\n\r\n.body\r\n", Encoding.ASCII.GetString(message.Body));
        Assert.Equal(message.Stored.Length, message.CommittedSize);
        Assert.Contains("with ESMTPA id", message.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bdat_gets_only_the_missing_field_and_keeps_the_present_one()
    {
        await using var client = await StartAsync("bdat@example.com");
        await client.SendAsync("BDAT 12\r\nMessage-ID: ");
        Assert.Equal("250 2.0.0 12 octets received", (await client.ReadReplyAsync())[0]);
        const string rest = "<own@client>\r\nSubject: s\r\n\r\nbody";
        await client.SendAsync($"BDAT {rest.Length} LAST\r\n{rest}");
        var reply = (await client.ReadReplyAsync())[0];
        var message = server.Handler.Messages[reply[^7..]];

        Assert.Equal($"Message-ID: <own@client>\r\nSubject: s\r\n{Date}\r\nbody", Encoding.ASCII.GetString(message.Body));
        Assert.Equal(message.Stored.Length, message.CommittedSize);
    }

    [Fact]
    public async Task Complete_messages_are_not_changed()
    {
        await using var client = await StartAsync("complete@example.com");
        await client.CommandAsync("DATA");
        const string body = "Date: Mon, 02 Mar 2026 10:00:00 +0100\r\nMessage-ID: <x@y>\r\n\r\nbody\r\n";
        var reply = await client.CommandAsync(body + ".");
        Assert.Equal(body, Encoding.ASCII.GetString(server.Handler.Messages[reply[^7..]].Body));
    }

    private async Task<RawSmtpClient> StartAsync(string recipient)
    {
        var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.com>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        return client;
    }
}
