namespace MailGrid.Delivery;

/// <summary>
/// Consecutive deliveries to one domain over one connection while it stays usable; a connection that fails or
/// is refused is replaced by a fresh one. Disposing sends QUIT.
/// </summary>
public interface IDeliverySession : IAsyncDisposable
{
    /// <summary>Never throws for delivery trouble: every recipient gets a result.</summary>
    Task<DeliveryAttempt> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken) => DeliverAsync(request, accepted: null, cancellationToken);

    /// <summary>
    /// As <see cref="DeliverAsync(DeliveryRequest, CancellationToken)"/>; <paramref name="accepted"/> runs the moment the
    /// next hop has answered the end of DATA with 250, before this call returns and off the caller's scheduler, so a
    /// caller can note the delivery before anything else has to run. It must not throw.
    /// </summary>
    Task<DeliveryAttempt> DeliverAsync(DeliveryRequest request, Func<DeliveryAttempt, ValueTask>? accepted, CancellationToken cancellationToken);

    /// <summary>How many connections the session has opened so far.</summary>
    int ConnectionsOpened { get; }
}
