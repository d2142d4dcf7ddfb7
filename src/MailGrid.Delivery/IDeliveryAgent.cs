namespace MailGrid.Delivery;

/// <summary>Hands queued messages to the next hop for one destination domain.</summary>
public interface IDeliveryAgent
{
    /// <summary>One message over a connection of its own. Never throws for delivery trouble: every recipient gets a result.</summary>
    Task<DeliveryAttempt> DeliverAsync(string domain, DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>A session that reuses one connection for consecutive messages to <paramref name="domain"/> (Postfix's connection cache).</summary>
    IDeliverySession OpenSession(string domain);
}
