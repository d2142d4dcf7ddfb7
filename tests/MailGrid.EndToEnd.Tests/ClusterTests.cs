using System.Net.Http.Json;
using System.Text.Json;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Real processes sharing nothing but Redis and a blob folder: redis-server, two silos, two ingress.
/// Mail through either ingress lands; a silo killed with kill -9 loses nothing.
/// </summary>
public sealed class ClusterTests
{
    private const int MessagesPerPhase = 12;
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
        await using var silo1 = MailGridProcess.Start(HostAssemblies.Silo, ClusterNode.Silo(redis.ConnectionString, blobs.Path, siloHttp[0], sink.Port));
        await using var silo2 = MailGridProcess.Start(HostAssemblies.Silo, ClusterNode.Silo(redis.ConnectionString, blobs.Path, siloHttp[1], sink.Port));
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

        // kill -9 one silo while remote mail is still queued, some of it in domain grains that lived there.
        silo1.Kill();
        sink.RejectConnections = false;

        // Phase 2: clients retry 4xx as real clients do; nothing may be answered 250 and then lost.
        ids.AddRange(await SendPhaseAsync("after", ingressSmtp));

        await WaitForMailboxAsync(api, ids, "every message in alice's mailbox, read through the surviving silo");
        await Eventually.TrueAsync(
            () => ids.Count == 2 * MessagesPerPhase && AllRemoteDelivered(sink),
            Deadline,
            $"all {2 * MessagesPerPhase} remote recipients at the sink; silo-2 log:\n{silo2.Log.Tail(40)}");
    }

    private static async Task<List<string>> SendPhaseAsync(string phase, int[] ingressSmtp)
    {
        var ids = new List<string>();
        for (var i = 0; i < MessagesPerPhase; i++)
        {
            var message = MessageBytes.NewMessage("sender@client.test", $"{phase}{i}@d{i % 4}.test", $"{phase} {i}", $"cluster message {phase} {i}");
            message.Cc.Add(MimeKit.MailboxAddress.Parse("alice@example.test"));
            var reply = await SmtpTestClient.SendWithRetryAsync(ingressSmtp[i % 2], message, Deadline);
            ids.Add(QueuedAs.Id(reply));
        }

        return ids;
    }

    private static bool AllRemoteDelivered(SmtpSink sink)
    {
        var delivered = sink.Messages.SelectMany(m => m.Recipients).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, MessagesPerPhase).All(i => delivered.Contains($"before{i}@d{i % 4}.test") && delivered.Contains($"after{i}@d{i % 4}.test"));
    }

    private static async Task WaitForMailboxAsync(HttpClient api, IReadOnlyCollection<string> ids, string what)
        => await Eventually.ValueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>(new Uri("api/mailboxes/alice@example.test/messages?limit=10000", UriKind.Relative)))
                .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToHashSet(),
            stored => ids.All(stored.Contains),
            Deadline,
            what);
}
