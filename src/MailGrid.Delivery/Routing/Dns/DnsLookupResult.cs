using DnsClient.Protocol;

namespace MailGrid.Delivery.Routing.Dns;

/// <summary>The answer to one DNS question (name, type), possibly from the cache.</summary>
/// <param name="Status">How the question was answered.</param>
/// <param name="Records">The answer section (may include CNAMEs; filter by type).</param>
/// <param name="Error">What went wrong, for <see cref="DnsLookupStatus.TemporaryFailure"/>.</param>
public sealed record DnsLookupResult(DnsLookupStatus Status, IReadOnlyList<DnsResourceRecord> Records, string? Error = null);
