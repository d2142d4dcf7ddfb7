namespace MailGrid.Delivery;

public sealed partial class SmtpDeliveryAgent
{
    /// <summary>Consecutive messages to one domain over one cached connection.</summary>
    private sealed class Session(SmtpDeliveryAgent agent, string domain) : IDeliverySession
    {
        private OpenConnection? _connection;

        public int ConnectionsOpened { get; private set; }

        public async Task<DeliveryAttempt> DeliverAsync(DeliveryRequest request, Func<DeliveryAttempt, ValueTask>? accepted, CancellationToken cancellationToken)
        {
            var (attempt, keep) = await agent.DeliverCoreAsync(domain, request, _connection, () => ConnectionsOpened++, accepted, cancellationToken);
            _connection = keep;
            return attempt;
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null)
            {
                _connection = await DropAsync(_connection);
            }
        }
    }
}
