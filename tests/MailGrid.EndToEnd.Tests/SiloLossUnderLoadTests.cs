using MailGrid.Testing;
using Xunit.Abstractions;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Real processes: redis-server, three silos, two ingress and a sink for remote mail. A few hundred messages
/// go in parallel through both ingress while one silo is stopped with SIGTERM and another killed with
/// SIGKILL. Every message answered 250 must reach each of its recipients; copies from retried transactions
/// are allowed (at-least-once) and reported.
/// </summary>
public sealed class SiloLossUnderLoadTests(ITestOutputHelper output)
{
    private const int MessageCount = 300;
    private const int Senders = 12;
    private const int StopAfterAccepted = 75;
    private const int KillAfterAccepted = 150;

    /// <summary>Messages from here on wait until the graceful stop is over, so the kill still lands under load.</summary>
    private const int HeldUntilStopped = 200;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EveryAcceptedMessageIsDeliveredWhenOneSiloStopsAndAnotherIsKilledUnderLoad()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var redis = await RedisServer.StartAsync();
        await using var sink = SmtpSink.Start();
        using var blobs = TempDirectory.Create("mailgrid-blobs-");

        var siloHttp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next() };
        await using var stopped = MailGridProcess.Start(HostAssemblies.Silo, SiloSettings(redis, blobs, siloHttp[0], sink));
        await using var killed = MailGridProcess.Start(HostAssemblies.Silo, SiloSettings(redis, blobs, siloHttp[1], sink));
        await using var survivor = MailGridProcess.Start(HostAssemblies.Silo, SiloSettings(redis, blobs, siloHttp[2], sink));
        await Task.WhenAll(
            stopped.WaitForHealthyAsync(siloHttp[0], ClusterNode.StartTimeout),
            killed.WaitForHealthyAsync(siloHttp[1], ClusterNode.StartTimeout),
            survivor.WaitForHealthyAsync(siloHttp[2], ClusterNode.StartTimeout));

        var ingressHttp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next() };
        var ingressSmtp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next() };
        await using var ingressA = MailGridProcess.Start(HostAssemblies.Ingress, ClusterNode.Ingress(redis.ConnectionString, blobs.Path, ingressHttp[0], ingressSmtp[0]));
        await using var ingressB = MailGridProcess.Start(HostAssemblies.Ingress, ClusterNode.Ingress(redis.ConnectionString, blobs.Path, ingressHttp[1], ingressSmtp[1]));
        await Task.WhenAll(
            ingressA.WaitForHealthyAsync(ingressHttp[0], ClusterNode.StartTimeout),
            ingressB.WaitForHealthyAsync(ingressHttp[1], ClusterNode.StartTimeout));

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: redis, 3 silos and 2 ingress healthy");
        var load = new ParallelLoad(MessageCount, ingressSmtp, Deadline);
        var chaos = Task.Run(async () =>
        {
            await load.WaitForAcceptedAsync(StopAfterAccepted);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGTERM to silo 1 at {load.AcceptedCount} accepted");
            var exitCode = await stopped.StopAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: silo 1 exited ({exitCode}) at {load.AcceptedCount} accepted");
            load.Release();
            await load.WaitForAcceptedAsync(KillAfterAccepted);
            killed.Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGKILL to silo 2 at {load.AcceptedCount} accepted");
            return exitCode;
        });

        var accepted = await load.RunAsync(Senders, HeldUntilStopped);
        var stopExitCode = await chaos;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: all {accepted.Count} messages accepted");
        Assert.Equal(MessageCount, accepted.Count);
        Assert.Equal(0, stopExitCode);

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{siloHttp[2]}/"), Timeout = TimeSpan.FromSeconds(30) };
        var mailboxes = await DeliveryCheck.WaitForMailboxesAsync(api, accepted, Deadline);
        await DeliveryCheck.WaitForSinkAsync(sink, accepted, Deadline, () => survivor.Log.Tail(40));

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every mailbox and remote recipient checked");
        var report = DeliveryCheck.Report(accepted, mailboxes, sink);
        output.WriteLine($"{report}; {load.RetriedMessages} message(s) needed a client retry");
        Assert.Equal(0, report.LostLocal);
        Assert.Equal(0, report.LostRemote);
    }

    private static Dictionary<string, string> SiloSettings(RedisServer redis, TempDirectory blobs, int httpPort, SmtpSink sink)
    {
        var settings = ClusterNode.Silo(redis.ConnectionString, blobs.Path, httpPort, sink.Port);

        // Every local part of example.test is its own mailbox: many mailboxes spread over the silos.
        settings["MailGrid__Directory__LocalDomains__0__CatchAll"] = "true";
        return settings;
    }
}
