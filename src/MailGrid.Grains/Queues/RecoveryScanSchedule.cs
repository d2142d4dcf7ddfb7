namespace MailGrid.Grains.Queues;

/// <summary>
/// When <see cref="QueueRecoveryService"/> scans next. Normally at the recovery interval. After a silo was lost a few
/// follow-up scans come soon (1 s, then 2 s, then 4 s): Orleans deactivates the activations whose directory entry lived
/// on the lost silo on its own schedule, and a wake that reached such a queue just before that deactivation is gone
/// with it. A scan that could not wake every queue (a grain call into the dying silo, storage trouble) is repeated the
/// same way, the delay doubling up to the interval while it keeps failing.
/// </summary>
public sealed class RecoveryScanSchedule
{
    /// <summary>The first follow-up delay after a silo loss or a failed scan.</summary>
    public static readonly TimeSpan FirstFollowUp = TimeSpan.FromSeconds(1);

    /// <summary>How many quick scans follow the scan a silo loss triggered.</summary>
    public const int FollowUpsAfterSiloLoss = 3;

    private int _followUpsLeft;
    private TimeSpan _nextFollowUp;

    /// <summary>A silo was shut down or declared dead: the scan that runs now is followed by <see cref="FollowUpsAfterSiloLoss"/> quick ones.</summary>
    public void SiloLost()
    {
        _followUpsLeft = FollowUpsAfterSiloLoss;
        _nextFollowUp = FirstFollowUp;
    }

    /// <summary>How long to wait after a scan; <paramref name="scanFailed"/> when it could not wake every non-empty queue.</summary>
    public TimeSpan Next(bool scanFailed, TimeSpan interval)
    {
        if (!scanFailed && _followUpsLeft == 0)
        {
            _nextFollowUp = TimeSpan.Zero;
            return interval;
        }

        if (_nextFollowUp == TimeSpan.Zero)
        {
            _nextFollowUp = FirstFollowUp;
        }

        _followUpsLeft = Math.Max(0, _followUpsLeft - 1);
        var wait = _nextFollowUp < interval ? _nextFollowUp : interval;
        _nextFollowUp = _nextFollowUp < interval ? _nextFollowUp * 2 : interval;
        return wait;
    }
}
