using System.Net;
using DnsClient;
using DnsClient.Protocol;
using MailGrid.Delivery.Routing.Dns;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing;

/// <summary>
/// Turns a destination domain into the SMTP servers to try, per RFC 5321 §5.1: MX records by preference,
/// equal preferences in random order (load spreading), each MX host's IPv4 then IPv6 addresses; with no MX,
/// the domain's own addresses (implicit MX). A null MX (RFC 7505) or a non-existent domain fails permanently;
/// DNS trouble defers.
/// </summary>
public sealed class MxResolver(CachingDnsResolver dns, IOptions<DnsOptions> options)
{
    /// <summary>Next hops for <paramref name="domain"/> on port <see cref="DnsOptions.MxPort"/>.</summary>
    public async Task<NextHopResolution> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        var port = options.Value.MxPort;
        var name = domain.TrimEnd('.');
        var mx = await dns.QueryAsync(name, QueryType.MX, cancellationToken);
        switch (mx.Status)
        {
            case DnsLookupStatus.NonExistentDomain:
                return NextHopResolution.Permanent($"550 5.1.2 Domain {name} does not exist (NXDOMAIN)");
            case DnsLookupStatus.TemporaryFailure:
                return NextHopResolution.Temporary($"451 4.4.3 DNS lookup of MX for {name} failed: {mx.Error}");
            case DnsLookupStatus.NoData:
                return await ImplicitMxAsync(name, port, cancellationToken);
        }

        var records = mx.Records.OfType<MxRecord>().ToList();
        if (records.Count == 1 && IsRoot(records[0].Exchange))
        {
            return NextHopResolution.Permanent($"556 5.1.10 Domain {name} does not accept mail (null MX)");
        }

        // RFC 7505 §3: a "." among other MX records is ignored.
        var hosts = records
            .Where(r => !IsRoot(r.Exchange))
            .GroupBy(r => r.Preference)
            .OrderBy(g => g.Key)
            .SelectMany(g => Shuffle(g.Select(r => r.Exchange.Value.TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase)))
            .ToList();
        if (hosts.Count == 0)
        {
            return NextHopResolution.Permanent($"556 5.1.10 Domain {name} does not accept mail (null MX)");
        }

        return await AddressesOfAsync(name, hosts, port, implicitMx: false, cancellationToken);
    }

    private async Task<NextHopResolution> ImplicitMxAsync(string name, int port, CancellationToken cancellationToken)
        => await AddressesOfAsync(name, [name], port, implicitMx: true, cancellationToken);

    private async Task<NextHopResolution> AddressesOfAsync(string domain, IReadOnlyList<string> hosts, int port, bool implicitMx, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxAddresses;
        var hops = new List<NextHop>();
        string? temporaryError = null;
        var anyNonExistent = false;
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var literal))
            {
                // RFC 5321 §5.1 forbids IP literals in MX; many MTAs still accept them, so do we.
                hops.Add(new NextHop(literal.ToString(), port) { MxHost = host });
                continue;
            }

            foreach (var type in (QueryType[])[QueryType.A, QueryType.AAAA])
            {
                var answer = await dns.QueryAsync(host, type, cancellationToken);
                switch (answer.Status)
                {
                    case DnsLookupStatus.Found:
                        hops.AddRange(answer.Records.OfType<AddressRecord>().Select(r => new NextHop(r.Address.ToString(), port) { MxHost = host }));
                        break;
                    case DnsLookupStatus.TemporaryFailure:
                        temporaryError ??= $"{host} {type}: {answer.Error}";
                        break;
                    case DnsLookupStatus.NonExistentDomain:
                        anyNonExistent = true;
                        break;
                }
            }

            if (hops.Count >= limit)
            {
                break;
            }
        }

        if (hops.Count > 0)
        {
            return new NextHopResolution(hops.DistinctBy(h => h.Host).Take(limit).ToList());
        }

        if (temporaryError is not null)
        {
            return NextHopResolution.Temporary($"451 4.4.3 DNS lookup of mail servers for {domain} failed: {temporaryError}");
        }

        return implicitMx
            ? NextHopResolution.Permanent(anyNonExistent
                ? $"550 5.1.2 Domain {domain} does not exist (NXDOMAIN)"
                : $"550 5.1.2 Domain {domain} has no MX and no address records")
            : NextHopResolution.Permanent($"554 5.4.4 No address found for the mail servers of {domain} ({string.Join(", ", hosts)})");
    }

    private static bool IsRoot(DnsString exchange) => exchange.Value is "." or "";

    private static List<string> Shuffle(IEnumerable<string> hosts)
    {
        var list = hosts.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Random.Shared.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
