using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing;

/// <summary>Chooses the next hop for a destination domain from <see cref="RoutingOptions"/>.</summary>
public sealed class StaticRouteResolver(IOptionsMonitor<RoutingOptions> options)
{
    /// <summary>The next hop for <paramref name="domain"/>, or null when no route applies.</summary>
    public NextHop? Resolve(string domain)
    {
        var current = options.CurrentValue;
        if (TryRoute(current, domain, out var hop))
        {
            return hop;
        }

        // Parent-domain patterns: ".example.com" covers a.example.com and b.a.example.com.
        for (var dot = domain.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            if (TryRoute(current, domain[dot..], out hop))
            {
                return hop;
            }
        }

        if (TryRoute(current, "*", out hop))
        {
            return hop;
        }

        return NextHop.TryParse(current.SmartHost, out hop) ? SmartHost(current, hop!) : null;
    }

    private static NextHop SmartHost(RoutingOptions options, NextHop hop)
    {
        if (string.IsNullOrEmpty(options.SmartHostUserName))
        {
            return options.SmartHostTls is { } tls ? hop with { Tls = tls } : hop;
        }

        return hop with
        {
            Credentials = new System.Net.NetworkCredential(options.SmartHostUserName, options.SmartHostPassword),
            Tls = options.SmartHostTls ?? Tls.TlsPolicy.Required,
        };
    }

    private static bool TryRoute(RoutingOptions options, string key, out NextHop? hop)
    {
        hop = null;
        return options.Routes.TryGetValue(key, out var value) && NextHop.TryParse(value, out hop);
    }
}
