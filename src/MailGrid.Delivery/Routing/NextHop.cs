using System.Net;
using MailGrid.Delivery.Tls;

namespace MailGrid.Delivery.Routing;

/// <summary>The SMTP server a message for a domain is handed to.</summary>
public sealed record NextHop(string Host, int Port)
{
    /// <summary>The MX host name this address was found for (for TLS SNI, logs and DSN Remote-MTA); null for static routes.</summary>
    public string? MxHost { get; init; }

    /// <summary>SMTP AUTH credentials for this hop (the smart host); null: no AUTH.</summary>
    public NetworkCredential? Credentials { get; init; }

    /// <summary>TLS policy for this hop, overriding the destination domain's; null: the domain's.</summary>
    public TlsPolicy? Tls { get; init; }

    /// <summary>"host:port", with IPv6 addresses in brackets ("[::1]:25") so the form parses back with <see cref="TryParse"/>.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses "host", "host:port" or "[v6]:port"; port defaults to 25.</summary>
    public static bool TryParse(string? value, out NextHop? hop)
    {
        hop = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        string host;
        var port = 25;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !int.TryParse(rest[1..], out port)))
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
            {
                host = text[..colon];
                if (!int.TryParse(text[(colon + 1)..], out port))
                {
                    return false;
                }
            }
            else
            {
                host = text;
            }
        }

        if (host.Length == 0 || port is <= 0 or > 65535)
        {
            return false;
        }

        hop = new NextHop(host, port);
        return true;
    }
}
