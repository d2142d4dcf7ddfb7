using DnsClient;
using MailGrid.Delivery.Routing.Dns;
using MailGrid.Delivery.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace MailGrid.Delivery.Tests.Routing;

public sealed class DnsCacheTests : IDisposable
{
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task Answers_are_cached_for_their_ttl()
    {
        _dns.Ttl = 120;
        _dns.A("cached.test", "127.0.0.2");
        var resolver = DeliveryComponents.Resolver(DeliveryComponents.Dns(_dns), _time);

        var first = await resolver.QueryAsync("cached.test", QueryType.A, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(119));
        var second = await resolver.QueryAsync("CACHED.test.", QueryType.A, CancellationToken.None);
        Assert.Equal(1, _dns.Queries);

        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await resolver.QueryAsync("cached.test", QueryType.A, CancellationToken.None);

        Assert.Equal(2, _dns.Queries);
        Assert.All([first, second, third], r => Assert.Equal(DnsLookupStatus.Found, r.Status));
    }

    [Fact]
    public async Task Ttls_are_clamped_to_the_configured_bounds()
    {
        _dns.Ttl = 1;
        _dns.A("short.test", "127.0.0.2");
        _dns.Ttl = 86400;
        _dns.A("long.test", "127.0.0.3");
        var options = DeliveryComponents.Dns(_dns);
        options.MinimumTtl = TimeSpan.FromSeconds(30);
        options.MaximumTtl = TimeSpan.FromMinutes(10);
        var resolver = DeliveryComponents.Resolver(options, _time);

        await resolver.QueryAsync("short.test", QueryType.A, CancellationToken.None);
        await resolver.QueryAsync("long.test", QueryType.A, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        await resolver.QueryAsync("short.test", QueryType.A, CancellationToken.None);
        Assert.Equal(2, _dns.Queries);

        _time.Advance(TimeSpan.FromMinutes(10));
        await resolver.QueryAsync("short.test", QueryType.A, CancellationToken.None);
        await resolver.QueryAsync("long.test", QueryType.A, CancellationToken.None);
        Assert.Equal(4, _dns.Queries);
    }

    [Fact]
    public async Task Nonexistent_domains_are_cached_for_the_soa_minimum()
    {
        var resolver = DeliveryComponents.Resolver(DeliveryComponents.Dns(_dns), _time);

        var first = await resolver.QueryAsync("missing.test", QueryType.MX, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59));
        await resolver.QueryAsync("missing.test", QueryType.MX, CancellationToken.None);
        Assert.Equal(1, _dns.Queries);

        _time.Advance(TimeSpan.FromSeconds(2));
        await resolver.QueryAsync("missing.test", QueryType.MX, CancellationToken.None);

        Assert.Equal(DnsLookupStatus.NonExistentDomain, first.Status);
        Assert.Equal(2, _dns.Queries);
    }

    [Fact]
    public async Task Temporary_failures_are_not_cached()
    {
        _dns.Fail("flaky.test");
        var resolver = DeliveryComponents.Resolver(DeliveryComponents.Dns(_dns), _time);

        var first = await resolver.QueryAsync("flaky.test", QueryType.MX, CancellationToken.None);
        var second = await resolver.QueryAsync("flaky.test", QueryType.MX, CancellationToken.None);

        Assert.Equal(DnsLookupStatus.TemporaryFailure, first.Status);
        Assert.Equal(DnsLookupStatus.TemporaryFailure, second.Status);
        Assert.Equal(2, _dns.Queries);
    }
}
