using System.Net;
using System.Net.Sockets;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Tests.Infrastructure;
using MailGrid.Messages;

namespace MailGrid.Delivery.Tests.Routing;

public sealed class MxResolverTests : IDisposable
{
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task Mx_hosts_come_in_preference_order_with_their_addresses()
    {
        _dns.Mx("pref.test", 20, "backup.pref.test").Mx("pref.test", 10, "primary.pref.test")
            .A("primary.pref.test", "127.0.0.2").A("backup.pref.test", "127.0.0.3").Aaaa("backup.pref.test", "::1");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns, mxPort: 2525)).ResolveAsync("pref.test", CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(["127.0.0.2:2525", "127.0.0.3:2525", "[::1]:2525"], result.Hops.Select(h => h.ToString()));
        Assert.Equal(["primary.pref.test", "backup.pref.test", "backup.pref.test"], result.Hops.Select(h => h.MxHost));
    }

    [Fact]
    public async Task Equal_preferences_are_shuffled_between_resolutions()
    {
        _dns.Mx("equal.test", 10, "a.equal.test").Mx("equal.test", 10, "b.equal.test").Mx("equal.test", 5, "first.equal.test")
            .A("a.equal.test", "127.0.0.2").A("b.equal.test", "127.0.0.3").A("first.equal.test", "127.0.0.4");
        var resolver = DeliveryComponents.Mx(DeliveryComponents.Dns(_dns));

        var orders = new HashSet<string>();
        for (var i = 0; i < 60 && orders.Count < 2; i++)
        {
            var result = await resolver.ResolveAsync("equal.test", CancellationToken.None);
            Assert.Equal("127.0.0.4", result.Hops[0].Host);
            orders.Add(string.Join(",", result.Hops.Skip(1).Select(h => h.Host)));
        }

        // Both orders turn up (the chance of 60 identical shuffles is 2^-59).
        Assert.Equal(["127.0.0.2,127.0.0.3", "127.0.0.3,127.0.0.2"], orders.Order());
    }

    [Fact]
    public async Task A_domain_without_mx_is_its_own_mail_server()
    {
        _dns.A("implicit.test", "127.0.0.5");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("implicit.test", CancellationToken.None);

        var hop = Assert.Single(result.Hops);
        Assert.Equal("127.0.0.5:25", hop.ToString());
        Assert.Equal("implicit.test", hop.MxHost);
    }

    [Fact]
    public async Task Null_mx_fails_permanently_with_556()
    {
        _dns.Mx("nullmx.test", 0, ".").A("nullmx.test", "127.0.0.2");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("nullmx.test", CancellationToken.None);

        Assert.Empty(result.Hops);
        Assert.Equal(RecipientState.Failed, result.FailureState);
        Assert.StartsWith("556 5.1.10 ", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_fails_permanently()
    {
        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("nowhere.test", CancellationToken.None);

        Assert.Equal(RecipientState.Failed, result.FailureState);
        Assert.StartsWith("550 5.1.2 ", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_with_neither_mx_nor_address_fails_permanently()
    {
        _dns.Exists("empty.test");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("empty.test", CancellationToken.None);

        Assert.Equal(RecipientState.Failed, result.FailureState);
        Assert.StartsWith("550 5.1.2 ", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Servfail_defers()
    {
        _dns.Fail("broken.test");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("broken.test", CancellationToken.None);

        Assert.Equal(RecipientState.Deferred, result.FailureState);
        Assert.StartsWith("451 4.4.3 ", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_name_server_defers_after_the_query_timeout()
    {
        // A bound UDP socket that never answers: the query times out rather than being refused.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = DeliveryComponents.Dns(_dns);
        options.Servers = [$"127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}"];
        options.QueryTimeout = TimeSpan.FromMilliseconds(200);

        var result = await DeliveryComponents.Mx(options).ResolveAsync("example.test", CancellationToken.None);

        Assert.Equal(RecipientState.Deferred, result.FailureState);
        Assert.StartsWith("451 4.4.3 ", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mx_hosts_without_addresses_are_skipped()
    {
        _dns.Mx("partial.test", 10, "gone.partial.test").Mx("partial.test", 20, "there.partial.test").A("there.partial.test", "127.0.0.3");

        var result = await DeliveryComponents.Mx(DeliveryComponents.Dns(_dns)).ResolveAsync("partial.test", CancellationToken.None);

        Assert.Equal(["127.0.0.3"], result.Hops.Select(h => h.Host));
    }

    [Fact]
    public async Task Static_routes_override_dns()
    {
        _dns.Mx("routed.test", 10, "mx.routed.test").A("mx.routed.test", "127.0.0.2");
        var routing = new RoutingOptions { Routes = { ["routed.test"] = "127.0.0.9:2526" } };

        var routed = await DeliveryComponents.NextHops(DeliveryComponents.Dns(_dns), routing).ResolveAsync("routed.test", CancellationToken.None);
        var literal = await DeliveryComponents.NextHops(DeliveryComponents.Dns(_dns)).ResolveAsync("[127.0.0.7]", CancellationToken.None);

        Assert.Equal([new NextHop("127.0.0.9", 2526)], routed.Hops);
        Assert.Equal([new NextHop("127.0.0.7", 25)], literal.Hops);
        Assert.Equal(0, _dns.Queries);
    }

    [Fact]
    public async Task With_mx_lookup_disabled_unrouted_domains_are_deferred_without_asking_dns()
    {
        _dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");
        var options = DeliveryComponents.Dns(_dns);
        options.Enabled = false;

        var result = await DeliveryComponents.NextHops(options).ResolveAsync("remote.test", CancellationToken.None);

        Assert.Equal(RecipientState.Deferred, result.FailureState);
        Assert.StartsWith("451 4.4.4 ", result.FailureDetail, StringComparison.Ordinal);
        Assert.Equal(0, _dns.Queries);
    }
}
