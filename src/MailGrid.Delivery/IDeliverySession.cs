namespace MailGrid.Delivery;

/// <summary>
/// Consecutive deliveries to one domain over one connection while it stays usable; a connection that fails or
/// is refused is replaced by a fresh one. Disposing sends QUIT.
/// </summary>
public interface IDeliverySession : IAsyncDisposable
{
    /// <summary>Never throws for delivery trouble: every recipient gets a result.</summary>
    Task<DeliveryAttempt> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>How many connections the session has opened so far.</summary>
    int ConnectionsOpened { get; }
}
