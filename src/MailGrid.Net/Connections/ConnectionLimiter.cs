using System.Net;

namespace MailGrid.Net.Connections;

/// <summary>
/// Counts a protocol's open connections, in total and per client address (IPv4-mapped IPv6 counted as IPv4). A slot
/// is taken at accept and given back when the lease is disposed at close. Each protocol keeps its own limiter.
/// </summary>
public sealed class ConnectionLimiter(int maxTotal, int maxPerClient)
{
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly int _maxTotal = maxTotal > 0 ? maxTotal : throw new ArgumentOutOfRangeException(nameof(maxTotal), maxTotal, "Must be positive.");
    private readonly int _maxPerClient = maxPerClient > 0 ? maxPerClient : throw new ArgumentOutOfRangeException(nameof(maxPerClient), maxPerClient, "Must be positive.");
    private int _total;

    /// <summary>Why <see cref="TryAcquire"/> gave no slot.</summary>
    public enum Refusal
    {
        /// <summary>A slot was taken.</summary>
        None,

        /// <summary>The process has <c>maxTotal</c> connections open.</summary>
        TotalLimit,

        /// <summary>This client has <c>maxPerClient</c> connections open.</summary>
        ClientLimit,
    }

    /// <summary>Takes a slot for <paramref name="client"/>; a refused attempt takes none and returns a null lease.</summary>
    public Lease? TryAcquire(IPAddress client, out Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        lock (_perClient)
        {
            if (_total >= _maxTotal)
            {
                refusal = Refusal.TotalLimit;
                return null;
            }

            var current = _perClient.GetValueOrDefault(client);
            if (current >= _maxPerClient)
            {
                refusal = Refusal.ClientLimit;
                return null;
            }

            _perClient[client] = current + 1;
            _total++;
        }

        refusal = Refusal.None;
        return new Lease(this, client);
    }

    private void Release(IPAddress client)
    {
        lock (_perClient)
        {
            _total--;
            var left = _perClient[client] - 1;
            if (left == 0)
            {
                _perClient.Remove(client);
            }
            else
            {
                _perClient[client] = left;
            }
        }
    }

    /// <summary>One connection's slot.</summary>
    public sealed class Lease(ConnectionLimiter owner, IPAddress client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(client);
            }
        }
    }
}
