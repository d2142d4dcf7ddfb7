using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrid.Testing;
using Xunit.Abstractions;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Real processes sharing nothing but Redis and a blob folder: redis-server, two silos, two ingress.
/// Mail through either ingress lands; a silo killed with kill -9 loses nothing, and the remote mail that was queued
/// when it died leaves promptly although no new mail comes for its domains and no periodic scan runs in time.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int MessagesPerPhase = 12;
    private const int DomainsPerPhase = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task MailThroughEitherIngressArrivesAndSurvivesTheLossOfASilo()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sink = SmtpSink.Start();
        using var blobs = TempDirectory.Create("mailgrid-blobs-");
        sink.RejectConnections = true; // remote mail stays queued until after the kill

        var siloHttp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next() };
        var ingressSmtp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next() };
        await using var silo1 = MailGridProcess.Start(HostAssemblies.Silo, SiloSettings(redis, blobs, siloHttp[0], sink));
        await using var silo2 = MailGridProcess.Start(HostAssemblies.Silo, SiloSettings(redis, blobs, siloHttp[1], sink));
        await Task.WhenAll(silo1.WaitForHealthyAsync(siloHttp[0], ClusterNode.StartTimeout), silo2.WaitForHealthyAsync(siloHttp[1], ClusterNode.StartTimeout));

        var ingressHttp = new[] { FreeTcpPort.Next(), FreeTcpPort.Next() };
        await using var ingressA = MailGridProcess.Start(HostAssemblies.Ingress, ClusterNode.Ingress(redis.ConnectionString, blobs.Path, ingressHttp[0], ingressSmtp[0]));
        await using var ingressB = MailGridProcess.Start(HostAssemblies.Ingress, ClusterNode.Ingress(redis.ConnectionString, blobs.Path, ingressHttp[1], ingressSmtp[1]));
        await Task.WhenAll(ingressA.WaitForHealthyAsync(ingressHttp[0], ClusterNode.StartTimeout), ingressB.WaitForHealthyAsync(ingressHttp[1], ClusterNode.StartTimeout));

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{siloHttp[1]}/"), Timeout = TimeSpan.FromSeconds(40) };
        var ids = new List<string>();

        // Phase 1: both ingress processes, a local recipient and four remote domains spread over the silos.
        ids.AddRange(await SendPhaseAsync("before", ingressSmtp));
        await WaitForMailboxAsync(api, ids, "the phase-1 messages in alice's mailbox");

        // kill -9 one silo while remote mail is still queued, some of it in domain grains that lived there, and
        // some in grains of silo 2 that Orleans deactivates because their directory entry lived on silo 1.
        var sinceKill = Stopwatch.StartNew();
        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} kill -9 of silo 1");
        silo1.Kill();
        sink.RejectConnections = false;

        // Phase 1's domains get no more mail: only the recovery that the membership change starts can wake them.
        await WaitForSinkAsync(sink, "before", silo2);
        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} every phase-1 remote recipient at the sink, {sinceKill.Elapsed.TotalSeconds:F1} s after the kill; silo 2 meanwhile:");
        foreach (var line in silo2.Log.ToString().Split('\n').Where(IsRecoveryStep))
        {
            output.WriteLine(line);
        }

        // Phase 2: clients retry 4xx as real clients do; nothing may be answered 250 and then lost.
        ids.AddRange(await SendPhaseAsync("after", ingressSmtp));
        await WaitForMailboxAsync(api, ids, "every message in alice's mailbox, read through the surviving silo");
        await WaitForSinkAsync(sink, "after", silo2);
        output.WriteLine($"{sinceKill.Elapsed.TotalSeconds:F1} s after the kill: phase 2 accepted and delivered");
        Assert.Equal(2 * MessagesPerPhase, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static Dictionary<string, string> SiloSettings(RedisServer redis, TempDirectory blobs, int httpPort, SmtpSink sink)
    {
        var settings = ClusterNode.Silo(redis.ConnectionString, blobs.Path, httpPort, sink.Port);

        // Far beyond the deadline: only the start-up scan and membership changes may wake a queue nobody calls.
        settings["MailGrid__Delivery__RecoveryScanInterval"] = "00:10:00";
        return settings;
    }

    /// <summary>The survivor's log lines that make the recovery timeline: declared dead, deactivations, wakes.</summary>
    private static bool IsRecoveryStep(string line)
        => line.Contains("Evicting", StringComparison.Ordinal)
            || line.Contains("LocalGrainDirectory is deactivating", StringComparison.Ordinal)
            || line.Contains("QueueRecoveryService", StringComparison.Ordinal);

    private static async Task<List<string>> SendPhaseAsync(string phase, int[] ingressSmtp)
    {
        var ids = new List<string>();
        for (var i = 0; i < MessagesPerPhase; i++)
        {
            var message = MessageBytes.NewMessage("sender@client.test", RemoteRecipient(phase, i), $"{phase} {i}", $"cluster message {phase} {i}");
            message.Cc.Add(MimeKit.MailboxAddress.Parse("alice@example.test"));
            var reply = await SmtpTestClient.SendWithRetryAsync(ingressSmtp[i % 2], message, Deadline);
            ids.Add(QueuedAs.Id(reply));
        }

        return ids;
    }

    /// <summary>Each phase has remote domains of its own, so phase 2's enqueues cannot wake phase 1's queues.</summary>
    private static string RemoteRecipient(string phase, int i) => $"{phase}{i}@{phase}-d{i % DomainsPerPhase}.test";

    private static async Task WaitForSinkAsync(SmtpSink sink, string phase, MailGridProcess survivor)
    {
        var expected = Enumerable.Range(0, MessagesPerPhase).Select(i => RemoteRecipient(phase, i)).ToArray();
        string[] Missing()
        {
            var delivered = sink.Messages.SelectMany(m => m.Recipients).ToHashSet(StringComparer.Ordinal);
            return [.. expected.Where(r => !delivered.Contains(r))];
        }

        try
        {
            await Eventually.TrueAsync(() => Missing().Length == 0, Deadline, $"all {MessagesPerPhase} {phase} remote recipients at the sink");
        }
        catch (TimeoutException ex)
        {
            // The log as it is now, not as it was when the wait began; MailGrid's own lines say what each queue did.
            var log = survivor.Log.ToString().Split('\n').Where(l => l.Contains("MailGrid.", StringComparison.Ordinal)).TakeLast(40);
            throw new TimeoutException($"{ex.Message}; missing: {string.Join(", ", Missing())}; silo-2 log:\n{string.Join('\n', log)}", ex);
        }
    }

    private static async Task WaitForMailboxAsync(HttpClient api, IReadOnlyCollection<string> ids, string what)
        => await Eventually.ValueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>(new Uri("api/mailboxes/alice@example.test/messages?limit=10000", UriKind.Relative)))
                .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToHashSet(),
            stored => ids.All(stored.Contains),
            Deadline,
            what);
}
