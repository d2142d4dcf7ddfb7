namespace MailGrid.Smtp.Session;

/// <summary>
/// The cancellation of one blocking read: fires after the command or data timeout (on the injected
/// <see cref="TimeProvider"/>), or when the host asks connections to close for shutdown.
/// </summary>
internal sealed class SmtpReadDeadline(TimeProvider time, CancellationToken closeRequested) : IDisposable
{
    private CancellationTokenSource? _cts;
    private CancellationTokenRegistration _closeRegistration;

    public bool CloseRequested => closeRequested.IsCancellationRequested;

    public CancellationToken Arm(TimeSpan timeout)
    {
        if (_cts is null || !_cts.TryReset())
        {
            _closeRegistration.Dispose();
            _cts?.Dispose();
            _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _closeRegistration = closeRequested.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);
        }

        _cts.CancelAfter(timeout);
        return _cts.Token;
    }

    public void Disarm() => _cts?.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _closeRegistration.Dispose();
        _cts?.Dispose();
    }
}
