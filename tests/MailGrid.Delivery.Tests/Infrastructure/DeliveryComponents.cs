using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Routing.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tests.Infrastructure;

/// <summary>Builds the routing components the way DI does, pointed at a loopback DNS server.</summary>
public static class DeliveryComponents
{
    public static DnsOptions Dns(LoopbackDnsServer server, int mxPort = 25) => new()
    {
        Servers = [server.Endpoint],
        QueryTimeout = TimeSpan.FromSeconds(5),
        Retries = 0,
        MxPort = mxPort,
    };

    public static CachingDnsResolver Resolver(DnsOptions options, TimeProvider? time = null)
        => new(Options.Create(options), time ?? TimeProvider.System, NullLogger<CachingDnsResolver>.Instance);

    public static MxResolver Mx(DnsOptions options, TimeProvider? time = null) => new(Resolver(options, time), Options.Create(options));

    public static NextHopResolver NextHops(DnsOptions dns, RoutingOptions? routing = null)
        => new(new StaticRouteResolver(new StaticOptionsMonitor<RoutingOptions>(routing ?? new RoutingOptions())), Mx(dns), Options.Create(dns));
}
