using System.Diagnostics;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Testing;
using Orleans.Runtime.Placement;
using Xunit.Abstractions;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>
/// Two silos sharing a real redis-server: a queue whose silo is killed holds mail that nobody sends to again, and the
/// periodic recovery scan is an hour away. The membership change alone must bring the queue back on the survivor.
/// </summary>
public sealed class SiloLossRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer? _redis;
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();

        // MailGridCluster sets RecoveryScanInterval to an hour: no periodic scan runs during the test.
        _cluster = await MailGridCluster.StartWithRedisAsync(
            _redis,
            silos: 2,
            new Dictionary<string, string>
            {
                ["FirstRetryDelay"] = "00:00:01",
                ["MaxRetryDelay"] = "00:00:01",
            },
            new Dictionary<string, string>
            {
                // As the end-to-end silos: the death is noticed in seconds, by probes or by reading the table (Orleans
                // reads it every minute by default, and the dying silo's own gossip about it may never arrive).
                ["MailGrid:Cluster:Membership:ProbeTimeout"] = "00:00:01",
                ["MailGrid:Cluster:Membership:NumMissedProbesLimit"] = "2",
                ["MailGrid:Cluster:Membership:NumVotesForDeathDeclaration"] = "1",
                ["MailGrid:Cluster:Membership:TableRefreshTimeout"] = "00:00:02",
            });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Queue_of_a_killed_silo_is_woken_on_the_survivor_when_membership_declares_it_dead()
    {
        var doomed = Cluster.TestCluster.Silos[1];
        var domain = TestMessages.SinkDomain("lost");
        var recipient = $"lena@{domain}";
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(domain);

        // The queue is activated on the silo that will die, and its first attempt is refused: the mail stays queued there.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, doomed.SiloAddress);
        await queue.GetSummaryAsync();
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        Assert.Equal(doomed.SiloAddress, await HostOfAsync(domain));
        Cluster.Sink.RejectConnections = true;
        var envelope = await TestMessages.AcceptAsync(Cluster, "outlived its silo", TestMessages.Remote(recipient));
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Deferred, "a refused first attempt");

        var sinceKill = Stopwatch.StartNew();
        await Cluster.TestCluster.KillSiloAsync(doomed);
        Cluster.Sink.RejectConnections = false;

        // Nothing calls the queue from here on: only the survivor's recovery service can bring it back.
        var received = await Cluster.Sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60));
        output.WriteLine($"delivered {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        Assert.Equal([recipient], Assert.Single(received).Recipients);
        Assert.Equal(Cluster.TestCluster.Silos[0].SiloAddress, await HostOfAsync(domain));
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Delivered, "delivered in the record");
    }

    /// <summary>Where the domain's queue activation lives, as the cluster's management grain reports it.</summary>
    private async Task<SiloAddress?> HostOfAsync(string domain)
    {
        var statistics = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.FirstOrDefault(s => s.GrainId.Key.ToString() == domain)?.SiloAddress;
    }
}
