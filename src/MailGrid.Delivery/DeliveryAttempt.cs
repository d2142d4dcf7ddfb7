using MailGrid.Delivery.Routing;

namespace MailGrid.Delivery;

/// <summary>The outcome of one delivery attempt: a result for every recipient of the request.</summary>
/// <param name="Hop">The next hop whose replies decided the results (the last one tried), or null when none was reached or resolved.</param>
public sealed record DeliveryAttempt(NextHop? Hop, IReadOnlyList<RecipientResult> Results)
{
    /// <summary>
    /// The next hop advertised DSN, so NOTIFY/ORCPT/RET/ENVID were passed on: it reports success from now on
    /// (no "relayed" DSN from us, RFC 3461 §4.2).
    /// </summary>
    public bool NextHopSupportsDsn { get; init; }

    /// <summary>The transaction ran inside STARTTLS.</summary>
    public bool Tls { get; init; }

    /// <summary>Domain the message was DKIM-signed for, or null when unsigned.</summary>
    public string? DkimDomain { get; init; }

    /// <summary>Next hops tried and why each was left, in order (e.g. "127.0.0.2:25: 421 4.3.2 not now").</summary>
    public IReadOnlyList<string> SkippedHops { get; init; } = [];

    /// <summary>No next hop could be reached or none would start a session: the destination looks dead.</summary>
    public bool ConnectionFailed { get; init; }
}
