using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>MaxConnections and MaxConnectionsPerClient: 421 4.7.0 at accept, slots given back at close.</summary>
public sealed class ConnectionLimitTests
{
    private const string TooMany = "421 4.7.0 mx.test.mailgrid Error: too many connections";

    [Fact]
    public async Task Connections_beyond_the_per_client_limit_get_421_and_a_closed_slot_is_reused()
    {
        await using var host = await StartAsync(maxTotal: 100, maxPerClient: 2);
        var port = host.Port("mx");
        var first = await RawSmtpClient.ConnectAndGreetAsync(port);
        await using var second = await RawSmtpClient.ConnectAndGreetAsync(port);

        await using (var third = await RawSmtpClient.ConnectAsync(port))
        {
            Assert.Equal([TooMany], await third.ReadReplyAsync());
            Assert.True(await third.IsClosedAsync());
        }

        Assert.Equal("221 2.0.0 Bye", await first.CommandAsync("QUIT"));
        Assert.True(await first.IsClosedAsync());
        await first.DisposeAsync();
        Assert.Equal("220 mx.test.mailgrid ESMTP MailGrid", await GreetingOnceSlotIsFreeAsync(port));
    }

    [Fact]
    public async Task Connections_beyond_the_total_limit_get_421()
    {
        await using var host = await StartAsync(maxTotal: 1, maxPerClient: 10);
        var port = host.Port("mx");
        await using var first = await RawSmtpClient.ConnectAndGreetAsync(port);
        await using var second = await RawSmtpClient.ConnectAsync(port);
        Assert.Equal([TooMany], await second.ReadReplyAsync());
        Assert.True(await second.IsClosedAsync());
        Assert.Equal("250 2.0.0 Ok", await first.CommandAsync("NOOP"));
    }

    private static Task<SmtpTestHost> StartAsync(int maxTotal, int maxPerClient) => SmtpTestHost.StartAsync(
        [new SmtpListenerOptions { Name = "mx" }],
        o =>
        {
            o.MaxConnections = maxTotal;
            o.MaxConnectionsPerClient = maxPerClient;
        });

    /// <summary>The server gives the slot back just after the close: retry (bounded) until a greeting comes.</summary>
    private static async Task<string> GreetingOnceSlotIsFreeAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var client = await RawSmtpClient.ConnectAsync(port);
            var greeting = (await client.ReadReplyAsync())[^1];
            if (greeting != TooMany || attempt == 100)
            {
                return greeting;
            }

            await Task.Delay(10);
        }
    }
}
