using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>CHUNKING/BDAT (RFC 3030) over a raw socket: exact octets, exact replies, every error path.</summary>
public sealed class BdatTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Chunks_are_stored_byte_exact_without_unstuffing_behind_the_received_header()
    {
        await using var client = await StartAsync("chunks@example.com", "BODY=BINARYMIME");
        byte[] first = [.. "Subject: bin\r\n\r\n.dot\r\n.\r\nbare\nLF"u8, 0, 0xFF, (byte)'\r'];
        byte[] second = [.. "\n\r\n.\r\n"u8, 0x80, 0x00];
        await client.SendAsync([.. Encoding.ASCII.GetBytes($"BDAT {first.Length}\r\n"), .. first]);
        Assert.Equal($"250 2.0.0 {first.Length} octets received", (await client.ReadReplyAsync())[0]);
        await client.SendAsync([.. Encoding.ASCII.GetBytes($"BDAT {second.Length} LAST\r\n"), .. second]);
        var reply = (await client.ReadReplyAsync())[0];

        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var message = server.Handler.Messages[reply[^7..]];
        Assert.Equal([.. first, .. second], message.Body);
        Assert.StartsWith("Received: from client.test (127.0.0.1 [127.0.0.1])\r\n", message.ReceivedHeader, StringComparison.Ordinal);
        Assert.Equal(message.Stored.Length, message.CommittedSize);
        Assert.Equal("BINARYMIME", message.Transaction.MailParameters["BODY"]);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Pipelined_chunks_and_commands_in_one_write_are_answered_in_order()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.SendAsync(
            "MAIL FROM:<a@example.com>\r\nRCPT TO:<pipelined@example.com>\r\nBDAT 6\r\nQUIT\r\nBDAT 0\r\nBDAT 14 LAST\r\nSubject: p\r\n\r\nNOOP\r\n");
        Assert.Equal("250 2.1.0 Ok", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.1.5 Ok", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.0.0 6 octets received", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.0.0 0 octets received", (await client.ReadReplyAsync())[0]);
        var reply = (await client.ReadReplyAsync())[0];
        Assert.Equal("250 2.0.0 Ok", (await client.ReadReplyAsync())[0]);

        Assert.Equal("QUIT\r\nSubject: p\r\n\r\n", Encoding.ASCII.GetString(server.Handler.Messages[reply[^7..]].Body));
    }

    [Fact]
    public async Task Bdat_zero_last_commits_an_empty_body()
    {
        await using var client = await StartAsync("empty@example.com");
        var reply = await client.CommandAsync("BDAT 0 LAST");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        Assert.Empty(server.Handler.Messages[reply[^7..]].Body);
    }

    [Fact]
    public async Task Data_after_bdat_is_a_bad_sequence_and_the_transfer_goes_on()
    {
        await using var client = await StartAsync("mixed@example.com");
        await client.SendAsync("BDAT 3\r\nabc");
        Assert.Equal("250 2.0.0 3 octets received", (await client.ReadReplyAsync())[0]);
        Assert.Equal("503 5.5.1 Error: DATA is not allowed after BDAT", await client.CommandAsync("DATA"));
        Assert.Equal("503 5.5.1 Error: nested MAIL command", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        Assert.Equal("503 5.5.1 Error: bad sequence of commands", await client.CommandAsync("RCPT TO:<b@example.com>"));
        await client.SendAsync("BDAT 3 LAST\r\ndef");
        var reply = (await client.ReadReplyAsync())[0];
        Assert.Equal("abcdef", Encoding.ASCII.GetString(server.Handler.Messages[reply[^7..]].Body));
    }

    [Fact]
    public async Task Binarymime_refuses_data_and_accepts_bdat()
    {
        await using var client = await StartAsync("binary@example.com", "BODY=binarymime");
        Assert.Equal("503 5.5.1 Error: BODY=BINARYMIME requires BDAT", await client.CommandAsync("DATA"));
        await client.SendAsync("BDAT 2 LAST\r\n\0\n");
        var reply = (await client.ReadReplyAsync())[0];
        Assert.Equal([0, (byte)'\n'], server.Handler.Messages[reply[^7..]].Body);
    }

    [Fact]
    public async Task Bdat_out_of_sequence_is_read_to_its_end_and_refused()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);

        // The chunk holds command text: it must be swallowed, not run.
        await client.SendAsync("BDAT 6\r\nQUIT\r\n");
        Assert.Equal("503 5.5.1 Error: need MAIL command", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        await client.SendAsync("BDAT 6 LAST\r\nRSET\r\n");
        Assert.Equal("554 5.5.1 Error: no valid recipients", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<still@example.com>"));
    }

    [Theory]
    [InlineData("BDAT")]
    [InlineData("BDAT x")]
    [InlineData("BDAT 5 MORE")]
    [InlineData("BDAT -1")]
    [InlineData("BDAT 99999999999999999999")]
    public async Task Bdat_without_a_readable_size_is_refused_and_the_connection_closed(string command)
    {
        await using var client = await StartAsync("syntax@example.com");
        Assert.Equal("501 5.5.4 Syntax: BDAT <size> [LAST]", await client.CommandAsync(command));
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Size_limit_holds_across_chunks_and_aborts_the_transaction()
    {
        var before = server.Handler.AbandonedMessageIds.Count;
        await using var client = await StartAsync("toobig@example.com");
        var chunk = new byte[40 * 1024];
        Array.Fill(chunk, (byte)'x');
        await client.SendAsync([.. "BDAT 40960\r\n"u8, .. chunk]);
        Assert.Equal("250 2.0.0 40960 octets received", (await client.ReadReplyAsync())[0]);
        await client.SendAsync([.. "BDAT 40960\r\n"u8, .. chunk, .. "BDAT 5 LAST\r\nhello"u8]);
        Assert.Equal("552 5.3.4 Error: message file too big", (await client.ReadReplyAsync())[0]);
        Assert.Equal("503 5.5.1 Error: need MAIL command", (await client.ReadReplyAsync())[0]);
        Assert.True(server.Handler.AbandonedMessageIds.Count > before);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Bdat_has_no_line_length_limit()
    {
        await using var client = await StartAsync("longline@example.com");
        var line = new string('z', 9000);
        await client.SendAsync($"BDAT {line.Length} LAST\r\n{line}");
        var reply = (await client.ReadReplyAsync())[0];
        Assert.Equal(line, Encoding.ASCII.GetString(server.Handler.Messages[reply[^7..]].Body));
    }

    [Fact]
    public async Task Rset_between_chunks_abandons_the_message()
    {
        var before = server.Handler.AbandonedMessageIds.Count;
        await using var client = await StartAsync("rset@example.com");
        await client.SendAsync("BDAT 4\r\nhalf");
        Assert.Equal("250 2.0.0 4 octets received", (await client.ReadReplyAsync())[0]);
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        Assert.True(server.Handler.AbandonedMessageIds.Count > before);
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("BDAT 0 LAST"));
    }

    [Fact]
    public async Task Client_leaving_mid_chunk_abandons_the_message()
    {
        var before = server.Handler.AbandonedMessageIds.Count;
        await using (var client = await StartAsync("gone@example.com"))
        {
            await client.SendAsync("BDAT 100 LAST\r\nonly a part");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Handler.AbandonedMessageIds.Count == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(server.Handler.AbandonedMessageIds.Count > before, "the half-sent message was not abandoned");
        Assert.Empty(server.Logs.Errors);
    }

    private async Task<RawSmtpClient> StartAsync(string recipient, string mailParameters = "")
    {
        var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync($"MAIL FROM:<a@example.com> {mailParameters}".TrimEnd()));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        return client;
    }
}
