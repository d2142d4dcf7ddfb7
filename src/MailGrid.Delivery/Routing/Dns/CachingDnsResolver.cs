using System.Collections.Concurrent;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing.Dns;

/// <summary>
/// Asks the configured name servers (DnsClient) and caches answers for their TTL, clamped to
/// <see cref="DnsOptions.MinimumTtl"/>..<see cref="DnsOptions.MaximumTtl"/>. Negative answers (NXDOMAIN, no data)
/// are cached per RFC 2308 up to <see cref="DnsOptions.MaximumNegativeTtl"/>; temporary failures are not cached.
/// The cache runs on the injected <see cref="TimeProvider"/> (DnsClient's own cache is off) so tests drive expiry.
/// </summary>
public sealed partial class CachingDnsResolver
{
    private readonly ConcurrentDictionary<(string Name, QueryType Type), DnsCacheEntry> _cache = new();
    private readonly DnsOptions _options;
    private readonly Lazy<LookupClient> _client;
    private readonly TimeProvider _time;
    private readonly ILogger<CachingDnsResolver> _logger;

    public CachingDnsResolver(IOptions<DnsOptions> options, TimeProvider time, ILogger<CachingDnsResolver> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        // Created on first use: reading the system resolver's configuration can fail, and that must defer mail, not stop a silo.
        _client = new Lazy<LookupClient>(CreateClient);
    }

    /// <summary>Questions sent to a name server so far (cache misses); for tests and diagnostics.</summary>
    public long QueriesSent => Interlocked.Read(ref _queriesSent);

    private long _queriesSent;

    /// <summary>Answers (name, type) from the cache or the name servers. Never throws for DNS trouble.</summary>
    public async Task<DnsLookupResult> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached))
        {
            if (cached.ExpiresAt > now)
            {
                return cached.Result;
            }

            _cache.TryRemove(KeyValuePair.Create(key, cached));
        }

        Interlocked.Increment(ref _queriesSent);
        var (result, ttl) = await AskAsync(key.Item1, type, cancellationToken);
        if (ttl is { } lifetime && lifetime > TimeSpan.Zero)
        {
            Store(key, new DnsCacheEntry(result, _time.GetUtcNow() + lifetime));
        }

        return result;
    }

    private LookupClient CreateClient()
    {
        var servers = _options.Servers
            .Select(s => DnsOptionsValidator.TryParseServer(s, out var endpoint) ? endpoint! : throw new OptionsValidationException(DnsOptions.SectionName, typeof(DnsOptions), [$"Bad server '{s}'"]))
            .ToArray();
        var lookup = servers.Length == 0 ? new LookupClientOptions() : new LookupClientOptions(servers);
        lookup.UseCache = false;
        lookup.ThrowDnsErrors = false;
        lookup.UseRandomNameServer = false;
        lookup.ContinueOnDnsError = true;
        lookup.UseTcpFallback = true;
        lookup.Timeout = _options.QueryTimeout;
        lookup.Retries = _options.Retries;
        return new LookupClient(lookup);
    }

    private async Task<(DnsLookupResult Result, TimeSpan? Ttl)> AskAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.Value.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (Exception ex) when (ex is DnsResponseException or SocketException or TimeoutException or IOException or InvalidOperationException or ArgumentException)
        {
            LogQueryFailed(_logger, name, type, ex.Message);
            return (new DnsLookupResult(DnsLookupStatus.TemporaryFailure, [], ex.Message), null);
        }

        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NoError:
                var matching = response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).ToList();
                if (matching.Count > 0)
                {
                    var ttl = TimeSpan.FromSeconds(matching.Min(r => r.TimeToLive));
                    return (new DnsLookupResult(DnsLookupStatus.Found, response.Answers.ToList()), Clamp(ttl, _options.MinimumTtl, _options.MaximumTtl));
                }

                return (new DnsLookupResult(DnsLookupStatus.NoData, []), NegativeTtl(response));
            case DnsHeaderResponseCode.NotExistentDomain:
                return (new DnsLookupResult(DnsLookupStatus.NonExistentDomain, []), NegativeTtl(response));
            default:
                var error = $"{response.Header.ResponseCode} from {response.NameServer}";
                LogQueryFailed(_logger, name, type, error);
                return (new DnsLookupResult(DnsLookupStatus.TemporaryFailure, [], error), null);
        }
    }

    /// <summary>RFC 2308 §5: the lesser of the SOA's TTL and its MINIMUM field, bounded by the options.</summary>
    private TimeSpan NegativeTtl(IDnsQueryResponse response)
    {
        var soa = response.Authorities.OfType<SoaRecord>().FirstOrDefault();
        var ttl = soa is null ? _options.MaximumNegativeTtl : TimeSpan.FromSeconds(Math.Min(soa.TimeToLive, soa.Minimum));
        var upper = _options.MaximumNegativeTtl;
        return Clamp(ttl, _options.MinimumTtl < upper ? _options.MinimumTtl : upper, upper);
    }

    private void Store((string, QueryType) key, DnsCacheEntry entry)
    {
        if (_cache.Count >= _options.CacheSize)
        {
            var now = _time.GetUtcNow();
            foreach (var stale in _cache.Where(e => e.Value.ExpiresAt <= now).ToList())
            {
                _cache.TryRemove(stale);
            }

            if (_cache.Count >= _options.CacheSize)
            {
                return;
            }
        }

        _cache[key] = entry;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS query {Name} {Type} failed: {Reason}")]
    private static partial void LogQueryFailed(ILogger logger, string name, QueryType type, string reason);
}
