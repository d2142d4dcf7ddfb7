using System.Net;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing.Dns;

/// <summary>Fails start-up on a name server that is not an IP endpoint, or on inverted TTL bounds.</summary>
public sealed class DnsOptionsValidator : IValidateOptions<DnsOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Servers.Count; i++)
        {
            if (!TryParseServer(options.Servers[i], out _))
            {
                failures.Add($"{DnsOptions.SectionName}:Servers:{i}: '{options.Servers[i]}' is not ip[:port].");
            }
        }

        if (options.MinimumTtl > options.MaximumTtl)
        {
            failures.Add($"{DnsOptions.SectionName}: MinimumTtl must not exceed MaximumTtl.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses "ip", "ip:port" or "[v6]:port"; the port defaults to 53.</summary>
    public static bool TryParseServer(string? value, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            endpoint = new IPEndPoint(address, 53);
            return true;
        }

        if (IPEndPoint.TryParse(value, out var parsed) && parsed.Port != 0)
        {
            endpoint = parsed;
            return true;
        }

        return false;
    }
}
