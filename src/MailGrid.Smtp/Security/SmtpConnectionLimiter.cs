using System.Net;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Security;

/// <summary>
/// Counts open SMTP connections, in total and per client address (<see cref="SmtpServerOptions.MaxConnections"/>,
/// <see cref="SmtpServerOptions.MaxConnectionsPerClient"/>). A slot is taken at accept and given back when the
/// lease is disposed at close.
/// </summary>
internal sealed class SmtpConnectionLimiter(IOptions<SmtpServerOptions> options)
{
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private readonly int _maxTotal = options.Value.MaxConnections;
    private readonly int _maxPerClient = options.Value.MaxConnectionsPerClient;
    private int _total;

    public enum Refusal
    {
        None,
        TotalLimit,
        ClientLimit,
    }

    /// <summary>Takes a slot for <paramref name="client"/>; a refused attempt takes none and returns a null lease.</summary>
    public Lease? TryAcquire(IPAddress client, out Refusal refusal)
    {
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
    public sealed class Lease(SmtpConnectionLimiter owner, IPAddress client) : IDisposable
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
