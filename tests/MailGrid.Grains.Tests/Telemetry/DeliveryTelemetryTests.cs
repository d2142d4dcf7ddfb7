using MailGrid.Delivery.Telemetry;
using MailGrid.Grains.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Tests.Telemetry;

/// <summary><see cref="DeliveryTelemetry"/>'s own rules: no depth before a scan, bounded per-domain series, connections counted once.</summary>
public sealed class DeliveryTelemetryTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Depth_is_only_reported_after_a_scan_and_per_domain_only_for_the_deepest()
    {
        var telemetry = Create(new DeliveryTelemetryOptions { QueueDepthTopDomains = 2 });
        using var metrics = new SiloMetrics(_services, DeliveryTelemetry.Name);

        Assert.Empty(metrics.Observe("mailgrid.queue.depth"));

        telemetry.QueueDepthScanned([new("a.test", 5), new("b.test", 50), new("c.test", 7), new("d.test", 1)]);

        Assert.Equal(63, Assert.Single(metrics.Observe("mailgrid.queue.depth")).Value);
        var perDomain = metrics.Observe("mailgrid.queue.domain.depth").ToDictionary(m => m.Tags["domain"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["b.test"] = 50, ["c.test"] = 7 }, perDomain);
    }

    [Fact]
    public void Zero_top_domains_turns_per_domain_depth_off()
    {
        var telemetry = Create(new DeliveryTelemetryOptions { QueueDepthTopDomains = 0 });
        using var metrics = new SiloMetrics(_services, DeliveryTelemetry.Name);

        telemetry.QueueDepthScanned([new("a.test", 5)]);

        Assert.Equal(5, Assert.Single(metrics.Observe("mailgrid.queue.depth")).Value);
        Assert.Empty(metrics.Observe("mailgrid.queue.domain.depth"));
    }

    [Fact]
    public void Connections_carry_no_domain_by_default_and_close_once()
    {
        var telemetry = Create(new DeliveryTelemetryOptions());
        using var metrics = new SiloMetrics(_services, DeliveryTelemetry.Name);

        var usage = telemetry.ConnectionOpened("a.test");
        usage.MessageStarted();
        usage.MessageStarted();
        usage.Closed();
        usage.Closed();

        Assert.All(metrics.Measurements, m => Assert.Empty(m.Tags));
        Assert.Equal([1, -1], metrics.Of("mailgrid.delivery.connections.active").Select(m => m.Value));
        Assert.Equal(2, Assert.Single(metrics.Of("mailgrid.delivery.connection.messages")).Value);
        Assert.Equal(1, Assert.Single(metrics.Of("mailgrid.delivery.connections")).Value);
    }

    private DeliveryTelemetry Create(DeliveryTelemetryOptions options) => new(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Options.Create(options));
}
