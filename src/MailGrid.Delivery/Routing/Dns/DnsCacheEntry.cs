namespace MailGrid.Delivery.Routing.Dns;

/// <summary>A cached answer and when it stops being valid.</summary>
internal sealed record DnsCacheEntry(DnsLookupResult Result, DateTimeOffset ExpiresAt);
