using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace MailGrid.Testing;

/// <summary>
/// An SMTP server on 127.0.0.1 that records what it accepts: the stand-in for remote MX hosts
/// in delivery tests. Replies can be scripted per recipient, per message, or per connection.
/// </summary>
public sealed class SmtpSink : IAsyncLifetime, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedSmtpMessage> _messages = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly List<Task> _sessions = [];
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private int _connectionCount;
    private int _activeConnections;
    private int _maxActiveConnections;

    /// <summary>Port the sink listens on, after start.</summary>
    public int Port { get; private set; }

    /// <summary>Address the sink listens on: 127.0.0.1 unless started with another loopback address (all of 127/8 is loopback on Linux).</summary>
    public IPAddress Address { get; private set; } = IPAddress.Loopback;

    /// <summary>When true EHLO advertises DSN (RFC 3461); the parameters are recorded either way.</summary>
    public bool AdvertiseDsn { get; set; }

    /// <summary>When true EHLO advertises SMTPUTF8 (RFC 6531); MAIL FROM parameters are recorded either way.</summary>
    public bool AdvertiseSmtpUtf8 { get; set; }

    /// <summary>When set, EHLO advertises AUTH PLAIN and only these credentials authenticate.</summary>
    public NetworkCredential? Credentials { get; set; }

    /// <summary>When set, EHLO advertises STARTTLS and the sink upgrades with this certificate (which needs its private key).</summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>Reply for RCPT TO per recipient address, e.g. "450 4.2.0 try later"; null accepts (250).</summary>
    public Func<string, string?>? RecipientReply { get; set; }

    /// <summary>Final reply after DATA per message; null accepts and records it (250).</summary>
    public Func<ReceivedSmtpMessage, string?>? DataReply { get; set; }

    /// <summary>When true every new connection gets "421 4.3.2 not now" and is closed.</summary>
    public bool RejectConnections { get; set; }

    /// <summary>Connections accepted so far (including rejected ones).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>The most sessions that were open at the same time (for connection-limit tests).</summary>
    public int MaxActiveConnections => Volatile.Read(ref _maxActiveConnections);

    /// <summary>How long the sink waits before its reply to the end of DATA (a slow receiver). Default none.</summary>
    public TimeSpan DataReplyDelay { get; set; }

    /// <summary>Snapshot of the messages accepted so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedSmtpMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Starts a sink on a free loopback port.</summary>
    public static SmtpSink Start()
    {
        var sink = new SmtpSink();
        sink.StartCore();
        return sink;
    }

    /// <summary>Starts a sink on <paramref name="address"/> (e.g. 127.0.0.2) and <paramref name="port"/> (0: any free port).</summary>
    public static SmtpSink Start(IPAddress address, int port = 0)
    {
        var sink = new SmtpSink { Address = address };
        sink.StartCore(port);
        return sink;
    }

    /// <inheritdoc />
    Task IAsyncLifetime.InitializeAsync()
    {
        StartCore();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> messages were accepted; throws
    /// <see cref="TimeoutException"/> saying what was awaited and what arrived otherwise.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSmtpMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_messages.Count >= count)
            {
                return [.. _messages];
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(waiter => waiter.Signal == signal);
            }

            var received = Messages;
            throw new TimeoutException(
                $"SmtpSink on {Address}:{Port.ToString(CultureInfo.InvariantCulture)} waited {timeout.TotalSeconds} s for {count} message(s) " +
                $"but received {received.Count} over {ConnectionCount} connection(s): " +
                string.Join("; ", received.Select(m => $"{m.Sender} -> {string.Join(',', m.Recipients)}")));
        }

        return Messages;
    }

    /// <summary>Forgets the messages received so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    /// <summary>Stops listening and waits for open sessions to end.</summary>
    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Stop();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _sessions, _acceptLoop ?? Task.CompletedTask];
        }

        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Sessions end abruptly on shutdown; their errors are expected here.
        }

        _listener?.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    internal void Record(ReceivedSmtpMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => _messages.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private void StartCore(int port = 0)
    {
        _listener = new TcpListener(Address, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            Interlocked.Increment(ref _connectionCount);
            var active = Interlocked.Increment(ref _activeConnections);
            for (var max = Volatile.Read(ref _maxActiveConnections); active > max; max = Volatile.Read(ref _maxActiveConnections))
            {
                Interlocked.CompareExchange(ref _maxActiveConnections, active, max);
            }

            var session = RunSessionAsync(new SmtpSinkSession(this, client), () => Interlocked.Decrement(ref _activeConnections), cancellationToken);
            lock (_gate)
            {
                _sessions.RemoveAll(task => task.IsCompleted);
                _sessions.Add(session);
            }
        }
    }

    private static async Task RunSessionAsync(SmtpSinkSession session, Action ended, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away mid-conversation: nothing to record.
        }
        finally
        {
            ended();
        }
    }
}
