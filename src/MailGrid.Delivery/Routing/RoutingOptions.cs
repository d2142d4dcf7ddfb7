using MailGrid.Delivery.Tls;

namespace MailGrid.Delivery.Routing;

/// <summary>
/// Static routes, like Postfix's transport map (section <c>MailGrid:Routing</c>).
/// Lookup order: the exact domain, then each parent as <c>.parent</c> (e.g. <c>.example.com</c> matches every
/// subdomain), then <c>*</c>, then <see cref="SmartHost"/>.
/// </summary>
public sealed class RoutingOptions
{
    public const string SectionName = "MailGrid:Routing";

    /// <summary>Domain pattern → next hop ("host", "host:port" or "[::1]:port"). Default: none.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Next hop for every domain without a route (a relay host). Default: none.</summary>
    public string? SmartHost { get; set; }

    /// <summary>User name for SMTP AUTH at the smart host; with <see cref="SmartHostPassword"/>. Default: none (no AUTH).</summary>
    public string? SmartHostUserName { get; set; }

    /// <summary>Password for SMTP AUTH at the smart host. Default: none.</summary>
    public string? SmartHostPassword { get; set; }

    /// <summary>TLS policy towards the smart host. Default: <see cref="TlsPolicy.Required"/> when credentials are set (no password in the clear), else the destination domain's policy.</summary>
    public TlsPolicy? SmartHostTls { get; set; }
}
