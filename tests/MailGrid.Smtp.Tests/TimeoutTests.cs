using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Command and data timeouts, driven by the fixture's fake clock.</summary>
public sealed class TimeoutTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Idle_client_gets_421_after_the_command_timeout()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        Assert.Equal(["421 4.4.2 mx.test.mailgrid Error: timeout exceeded"], await AdvanceUntilReplyAsync(client, TimeSpan.FromMinutes(5)));
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Stalled_data_gets_421_after_the_data_timeout_and_the_message_is_abandoned()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.CommandAsync("RCPT TO:<slow@example.com>");
        await client.CommandAsync("DATA");
        await client.SendAsync("Subject: slow\r\n\r\nand then nothing");
        var before = server.Handler.AbandonedMessageIds.Count;

        Assert.Equal(["421 4.4.2 mx.test.mailgrid Error: timeout exceeded"], await AdvanceUntilReplyAsync(client, TimeSpan.FromMinutes(10)));
        Assert.True(await client.IsClosedAsync());
        Assert.True(server.Handler.AbandonedMessageIds.Count > before);
    }

    [Fact]
    public async Task A_busy_client_is_still_cut_off_after_the_max_session_duration()
    {
        // Each NOOP comes well inside the 5-minute command timeout; the 30-minute session bound still ends it.
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Port);
        for (var minutes = 4; minutes <= 28; minutes += 4)
        {
            server.Time.Advance(TimeSpan.FromMinutes(4));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        }

        // 3 more minutes is inside the command timeout but past the 30 minutes. Whether the server armed its read
        // before this advance (2 minutes left) or after (none left), the bound fires.
        var reply = client.ReadReplyAsync();
        server.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(["421 4.4.2 mx.test.mailgrid Error: timeout exceeded"], await reply);
        Assert.True(await client.IsClosedAsync());
    }

    /// <summary>
    /// The server arms its deadline just after flushing, so the clock is moved until the reply shows up
    /// (bounded), not once at a guessed moment.
    /// </summary>
    private async Task<IReadOnlyList<string>> AdvanceUntilReplyAsync(RawSmtpClient client, TimeSpan timeout)
    {
        var reply = client.ReadReplyAsync();
        for (var i = 0; i < 200 && !reply.IsCompleted; i++)
        {
            server.Time.Advance(timeout);
            await Task.WhenAny(reply, Task.Delay(20));
        }

        return await reply;
    }
}
