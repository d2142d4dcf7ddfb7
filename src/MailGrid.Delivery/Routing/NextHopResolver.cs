using System.Net;
using MailGrid.Delivery.Routing.Dns;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing;

/// <summary>
/// The next hops for a destination domain: a static route or the smart host when one applies
/// (<see cref="StaticRouteResolver"/>, no MX lookup, like Postfix's <c>[host]</c>), else DNS (<see cref="MxResolver"/>).
/// Address literals (<c>[192.0.2.1]</c>) go straight to that address.
/// </summary>
public sealed class NextHopResolver(StaticRouteResolver routes, MxResolver mx, IOptions<DnsOptions> dns)
{
    public async Task<NextHopResolution> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        if (routes.Resolve(domain) is { } route)
        {
            return new NextHopResolution([route]);
        }

        if (domain.StartsWith('[') && domain.EndsWith(']'))
        {
            var literal = domain[1..^1];
            if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                literal = literal[5..];
            }

            return IPAddress.TryParse(literal, out var address)
                ? new NextHopResolution([new NextHop(address.ToString(), 25)])
                : NextHopResolution.Permanent($"501 5.1.3 Bad address literal {domain}");
        }

        return dns.Value.Enabled
            ? await mx.ResolveAsync(domain, cancellationToken)
            : NextHopResolution.Temporary($"451 4.4.4 No route to {domain} (no static route, MX lookup disabled)");
    }
}
