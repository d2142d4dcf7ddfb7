using MailGrid.Grains.Tests.Cluster;
using MailGrid.Queues;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>
/// Two silos sharing a real redis-server and one blob folder: a domain with two connection slots is drained by both
/// silos, and the receiver still never sees more than two sessions at once.
/// </summary>
public sealed class MultiSiloDeliveryTests : IAsyncLifetime
{
    private const string Domain = "pair.sink.test";
    private const int Messages = 30;
    private RedisServer? _redis;
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await MailGridCluster.StartWithRedisAsync(_redis, silos: 2, new Dictionary<string, string>
        {
            [$"Limits:Domains:{Domain}:MaxConnections"] = "2",
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
    public async Task Two_slots_run_on_both_silos_and_never_exceed_two_connections()
    {
        Assert.Equal(2, Cluster.TestCluster.Silos.Count);
        Cluster.Sink.DataReplyDelay = TimeSpan.FromMilliseconds(50); // a slow receiver keeps both sessions open together
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Domain);
        await queue.PauseAsync(); // queue all thirty first, so one round fills both slots
        var recipients = Enumerable.Range(0, Messages).Select(i => $"r{i}@{Domain}").ToArray();
        await Task.WhenAll(recipients.Select(r => TestMessages.AcceptAsync(Cluster, "two silos", TestMessages.Remote(r))));
        Assert.Equal(Messages, (await queue.GetSummaryAsync()).Depth); // the queue lives in Redis, seen by every silo

        await queue.ResumeAsync();
        var received = await Cluster.Sink.WaitForMessagesAsync(Messages, TimeSpan.FromSeconds(60));

        Assert.Equal(recipients.Order(StringComparer.Ordinal), received.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
        Assert.InRange(Cluster.Sink.MaxActiveConnections, 1, 2);
        await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(15), "the queue to be empty");

        // Where the slot activations live, as the cluster's management grain reports them.
        var statistics = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var slots = statistics.Where(s => s.GrainId.Key.ToString()!.StartsWith($"{Domain}/", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"{Domain}/0", $"{Domain}/1"], slots.Select(s => s.GrainId.Key.ToString()).Order(StringComparer.Ordinal));
        var silos = Cluster.TestCluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        Assert.Equal(silos, slots.Select(s => s.SiloAddress).ToHashSet());
    }
}
