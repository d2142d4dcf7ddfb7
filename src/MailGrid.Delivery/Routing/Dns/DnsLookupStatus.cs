namespace MailGrid.Delivery.Routing.Dns;

/// <summary>How a DNS question was answered.</summary>
public enum DnsLookupStatus
{
    /// <summary>Records of the asked type exist.</summary>
    Found = 0,

    /// <summary>The name exists but has no records of the asked type (NOERROR, empty answer).</summary>
    NoData = 1,

    /// <summary>The name does not exist (NXDOMAIN): a permanent answer.</summary>
    NonExistentDomain = 2,

    /// <summary>SERVFAIL, REFUSED, a timeout or no server reachable: ask again later.</summary>
    TemporaryFailure = 3,
}
