using MailGrid.Smtp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailGrid.Smtp.Tests;

/// <summary>Graceful shutdown: new connections get 421 4.3.2, idle sessions are closed, a DATA in flight gets its 250.</summary>
public sealed class DrainTests
{
    private const string ShuttingDown = "421 4.3.2 mx.test.mailgrid Service shutting down, closing channel";

    [Fact]
    public async Task Data_in_flight_completes_while_idle_and_new_connections_get_421()
    {
        await using var host = await SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "mx" }], o => o.ShutdownDrainTimeout = TimeSpan.FromSeconds(60));

        // Holds the stop between ApplicationStopping and the stop of Kestrel (callbacks run synchronously in
        // StopAsync, which therefore runs on a pool thread here).
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        host.App.Lifetime.ApplicationStopping.Register(() =>
        {
            stopping.SetResult();
            release.Wait(TimeSpan.FromSeconds(30));
        });
        var port = host.Port("mx");
        await using var idle = await RawSmtpClient.ConnectAndGreetAsync(port);
        await using var sending = await RawSmtpClient.ConnectAndGreetAsync(port);
        Assert.Equal("250 2.1.0 Ok", await sending.CommandAsync("MAIL FROM:<a@example.org>"));
        Assert.Equal("250 2.1.5 Ok", await sending.CommandAsync("RCPT TO:<drain@example.com>"));
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await sending.CommandAsync("DATA"));
        await sending.SendAsync("Subject: drain\r\n\r\nfirst half\r\n");

        var stop = Task.Run(host.StopAsync);
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // The host is stopping but Kestrel still accepts: the newcomer is told so.
        await using (var late = await RawSmtpClient.ConnectAsync(port))
        {
            Assert.Equal([ShuttingDown], await late.ReadReplyAsync());
            Assert.True(await late.IsClosedAsync());
        }

        release.Set();
        Assert.Equal([ShuttingDown], await idle.ReadReplyAsync());
        Assert.True(await idle.IsClosedAsync());

        await sending.SendAsync("second half\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", (await sending.ReadReplyAsync())[^1], StringComparison.Ordinal);
        Assert.Equal([ShuttingDown], await sending.ReadReplyAsync());
        Assert.True(await sending.IsClosedAsync());
        await stop.WaitAsync(TimeSpan.FromSeconds(15));

        var stored = host.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "drain@example.com");
        Assert.EndsWith("\r\n\r\nfirst half\r\nsecond half\r\n", System.Text.Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_shutdown_timeout_is_raised_above_the_drain_timeout()
    {
        await using var host = await SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "mx" }], o => o.ShutdownDrainTimeout = TimeSpan.FromSeconds(90));
        var hostOptions = host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(95), hostOptions.ShutdownTimeout);
    }
}
