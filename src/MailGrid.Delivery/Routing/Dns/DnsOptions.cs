using System.ComponentModel.DataAnnotations;

namespace MailGrid.Delivery.Routing.Dns;

/// <summary>DNS resolution for outbound routing (section <c>MailGrid:Delivery:Dns</c>).</summary>
public sealed class DnsOptions
{
    public const string SectionName = "MailGrid:Delivery:Dns";

    /// <summary>
    /// Look up MX records for domains without a static route. Default true. False gives a relay-only MTA (Postfix with
    /// only a transport map): such domains are deferred with "451 4.4.4 No route"; tests use it to stay off the system resolver.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Name servers as "ip" or "ip:port" (port 53 by default), asked in order. Default: none, which means the system resolver's servers.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>Timeout of one query to one server. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a query that timed out. Default 2.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 2;

    /// <summary>Shortest time an answer is cached, whatever its TTL. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinimumTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time an answer is cached, whatever its TTL. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaximumTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest time a "no such domain" or "no such record" answer is cached (RFC 2308; the SOA minimum when shorter). Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaximumNegativeTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Answers kept in the cache at most; beyond it new answers are not cached until entries expire. Default 10000.</summary>
    [Range(0, 10_000_000)]
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Addresses tried per delivery attempt at most, over all MX hosts (Postfix smtp_mx_address_limit is 5). Default 10.</summary>
    [Range(1, 100)]
    public int MaxAddresses { get; set; } = 10;

    /// <summary>Port the SMTP servers found through DNS are contacted on. Default 25; other values only for tests and private networks.</summary>
    [Range(1, 65535)]
    public int MxPort { get; set; } = 25;
}
