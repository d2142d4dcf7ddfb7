using MailGrid.Delivery.Routing;

namespace MailGrid.Delivery;

/// <summary>The outcome of one delivery attempt: a result for every recipient of the request.</summary>
public sealed record DeliveryAttempt(NextHop? Hop, IReadOnlyList<RecipientResult> Results)
{
    /// <summary>No next hop could be reached or none would start a session: the destination looks dead.</summary>
    public bool ConnectionFailed { get; init; }
}
