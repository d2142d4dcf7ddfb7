using MailGrid.Delivery.Telemetry;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Queues;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>Queue depth gauges (fed by the recovery scan) and the connection instruments of the delivery agent.</summary>
public sealed class DeliveryMetricsTests : IAsyncLifetime
{
    private const string Deep = "deep.sink.test";
    private const string Shallow = "shallow.sink.test";
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
    {
        ["Telemetry:QueueDepthTopDomains"] = "1",
        ["Telemetry:ConnectionsByDomain"] = "true",
        [$"Limits:Domains:{Deep}:MaxConnections"] = "1",
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Depth_gauges_follow_the_scan_and_one_connection_carries_the_batch()
    {
        using var metrics = new SiloMetrics(Cluster.SiloServices, DeliveryTelemetry.Name);
        var deep = Cluster.Client.GetGrain<IDomainQueueGrain>(Deep);
        var shallow = Cluster.Client.GetGrain<IDomainQueueGrain>(Shallow);
        await deep.PauseAsync();
        await shallow.PauseAsync();
        for (var i = 0; i < 3; i++)
        {
            await TestMessages.AcceptAsync(Cluster, "deep", TestMessages.Remote($"r{i}@{Deep}"));
        }

        await TestMessages.AcceptAsync(Cluster, "shallow", TestMessages.Remote($"r@{Shallow}"));

        Assert.Equal(2, await Cluster.RecoveryService.ScanAsync(CancellationToken.None));
        Assert.Equal(4, Assert.Single(metrics.Observe("mailgrid.queue.depth")).Value);
        // Only the deepest domain (top 1) has a series of its own.
        var perDomain = Assert.Single(metrics.Observe("mailgrid.queue.domain.depth"));
        Assert.Equal((3L, Deep), (perDomain.Value, perDomain.Tags["domain"]));

        Cluster.Sink.DataReplyDelay = TimeSpan.FromMilliseconds(20);
        await deep.ResumeAsync();
        await shallow.ResumeAsync();
        await Cluster.Sink.WaitForMessagesAsync(4, TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => metrics.Of("mailgrid.delivery.connection.messages").Count() == 2, TimeSpan.FromSeconds(15), "both connections to close");

        // One slot for the deep domain: its three messages shared one connection.
        var carried = metrics.Of("mailgrid.delivery.connection.messages").ToDictionary(m => m.Tags["domain"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { [Deep] = 3, [Shallow] = 1 }, carried);
        Assert.Equal(2, metrics.Of("mailgrid.delivery.connections").Sum(m => m.Value));
        var active = metrics.Of("mailgrid.delivery.connections.active").Where(m => m.Tags["domain"] == Deep).Select(m => m.Value).ToArray();
        Assert.Equal([1, -1], active);
        Assert.Equal(0, metrics.Of("mailgrid.delivery.connections.active").Sum(m => m.Value));

        await Eventually.ValueAsync(deep.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(15), "the deep queue to drain");
        await Eventually.ValueAsync(shallow.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(15), "the shallow queue to drain");
        Assert.Equal(0, await Cluster.RecoveryService.ScanAsync(CancellationToken.None));
        Assert.Equal(0, Assert.Single(metrics.Observe("mailgrid.queue.depth")).Value);
        Assert.Empty(metrics.Observe("mailgrid.queue.domain.depth"));
    }
}
