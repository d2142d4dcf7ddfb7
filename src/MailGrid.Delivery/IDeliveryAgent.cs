namespace MailGrid.Delivery;

/// <summary>Hands a queued message to the next hop for one destination domain.</summary>
public interface IDeliveryAgent
{
    /// <summary>Never throws for delivery trouble: every recipient gets a result (deferred on connection trouble).</summary>
    Task<DeliveryAttempt> DeliverAsync(string domain, DeliveryRequest request, CancellationToken cancellationToken);
}
