using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace MailGrid.Net.Connections;

/// <summary>
/// The cancellation of one blocking read of a session: fires after the read's timeout (on the injected
/// <see cref="TimeProvider"/>), when the session has lasted <c>maxSessionDuration</c>, or when the host asks
/// connections to close for shutdown: at once for an idle session, after <c>drainTimeout</c> for one in the
/// middle of a transaction (<see cref="InTransaction"/>: an SMTP mail transaction, an IMAP APPEND), so the work in
/// flight can still get its reply. One per session, reused for every read.
/// </summary>
public sealed class ReadDeadline : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _closeRequested;
    private readonly TimeSpan _drainTimeout;
    private readonly TimeSpan _maxSessionDuration;
    private readonly long _startedAt;
    private readonly CancellationTokenRegistration _closeRegistration;
    private CancellationTokenSource? _cts;
    private long _closeRequestedAt;
    private long _armedUntil;
    private volatile bool _inTransaction;

    public ReadDeadline(TimeProvider time, CancellationToken closeRequested)
        : this(time, TimeSpan.Zero, Timeout.InfiniteTimeSpan, closeRequested)
    {
    }

    public ReadDeadline(TimeProvider time, TimeSpan drainTimeout, TimeSpan maxSessionDuration, CancellationToken closeRequested)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _closeRequested = closeRequested;
        _drainTimeout = drainTimeout;
        _maxSessionDuration = maxSessionDuration;
        _startedAt = time.GetTimestamp();
        _closeRegistration = closeRequested.UnsafeRegister(static s => ((ReadDeadline)s!).OnCloseRequested(), this);
    }

    public bool CloseRequested => _closeRequested.IsCancellationRequested;

    /// <summary>Set by the session while a transaction is open: shutdown then waits up to the drain timeout.</summary>
    public bool InTransaction
    {
        get => _inTransaction;
        set => _inTransaction = value;
    }

    /// <summary>
    /// Reads from <paramref name="input"/> within <paramref name="timeout"/> and the session's bounds: the one way every
    /// blocking read of a session waits. Throws <see cref="OperationCanceledException"/> when the deadline fires.
    /// </summary>
    // Pooled: a session does many blocking reads, and this adds no allocation to the caller's own async state.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadResult> ReadAsync(PipeReader input, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(input);
        var token = Arm(timeout);
        try
        {
            return await input.ReadAsync(token);
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>The token of the next blocking operation that is not a pipe read (a TLS handshake); pair with <see cref="Disarm"/>.</summary>
    public CancellationToken Arm(TimeSpan timeout)
    {
        if (_cts is null || !_cts.TryReset())
        {
            _cts?.Dispose();
            _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }

        var limit = Min(timeout, Remaining(_startedAt, _maxSessionDuration));
        if (CloseRequested)
        {
            limit = Min(limit, InTransaction ? Remaining(Volatile.Read(ref _closeRequestedAt), _drainTimeout) : TimeSpan.Zero);
        }

        Volatile.Write(ref _armedUntil, _time.GetTimestamp() + (long)(limit.TotalSeconds * _time.TimestampFrequency));
        if (limit <= TimeSpan.Zero)
        {
            _cts.Cancel();
        }
        else
        {
            _cts.CancelAfter(limit);
        }

        return _cts.Token;
    }

    /// <summary>Stops the timer of the last <see cref="Arm"/>.</summary>
    public void Disarm() => _cts?.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _closeRegistration.Dispose();
        _cts?.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;

    private TimeSpan Remaining(long since, TimeSpan allowed) =>
        allowed == Timeout.InfiniteTimeSpan ? allowed : allowed - _time.GetElapsedTime(since);

    /// <summary>Runs on the host's thread: shortens a read already in progress (the next <see cref="Arm"/> sees the flag itself).</summary>
    private void OnCloseRequested()
    {
        Volatile.Write(ref _closeRequestedAt, _time.GetTimestamp());
        try
        {
            var cts = _cts;
            if (!InTransaction)
            {
                cts?.Cancel();
                return;
            }

            var armedFor = TimeSpan.FromSeconds((Volatile.Read(ref _armedUntil) - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            cts?.CancelAfter(Min(_drainTimeout, armedFor < TimeSpan.Zero ? TimeSpan.Zero : armedFor));
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile.
        }
    }
}
