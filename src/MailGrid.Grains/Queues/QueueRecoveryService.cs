using System.Collections.Concurrent;
using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Recovery is a scan, not a hope: every silo wakes each domain queue the store lists as non-empty, at start, every
/// <see cref="DeliveryOptions.RecoveryScanInterval"/>, and at once when membership reports another silo shutting down
/// or dead. Losing a silo puts more queues to sleep than the ones it hosted: every silo deactivates the activations
/// whose directory entry lived on the lost silo. Those queues have mail and no timer until something calls them, so
/// waiting for the next interval (a minute by default) would hold their mail for that long.
/// Waking an active queue costs one message, so running this on every silo is harmless. The scan also counts each
/// queue's entries for the <c>mailgrid.queue.depth</c> gauges.
/// </summary>
public sealed partial class QueueRecoveryService(
    IQueueStore store,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptionsMonitor<DeliveryOptions> options,
    DeliveryTelemetry telemetry,
    TimeProvider time,
    ILogger<QueueRecoveryService> logger) : BackgroundService
{
    private TaskCompletionSource _scanRequested = NewRequest();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watching = WatchMembershipAsync(stoppingToken);
        var schedule = new RecoveryScanSchedule();
        try
        {
            while (true)
            {
                // Replaced before the scan, so a loss reported while it runs asks for one more.
                var requested = NewRequest();
                Volatile.Write(ref _scanRequested, requested);
                var (_, failed) = await WakeAllAsync(stoppingToken);
                var wait = schedule.Next(failed > 0, options.CurrentValue.RecoveryScanInterval);
                if (await WaitForNextScanAsync(wait, requested.Task, stoppingToken))
                {
                    schedule.SiloLost();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        finally
        {
            await watching;
        }
    }

    /// <summary>Wakes every non-empty domain queue and publishes their depths; returns how many were woken.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken) => (await WakeAllAsync(cancellationToken)).Woken;

    private async Task<(int Woken, int Failed)> WakeAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            var domains = await store.GetActiveDomainsAsync(cancellationToken);
            var depths = new ConcurrentBag<KeyValuePair<string, long>>();
            var (woken, failed) = (0, 0);
            Exception? firstFailure = null;
            await Parallel.ForEachAsync(domains, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (domain, token) =>
            {
                try
                {
                    await grains.GetGrain<IDomainQueueGrain>(domain).WakeAsync();
                    Interlocked.Increment(ref woken);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // One queue whose call went to a dying silo must not keep the others asleep.
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, ex, null);
                }

                depths.Add(new(domain, await store.CountAsync(domain, token)));
            });
            telemetry.QueueDepthScanned(depths);
            if (firstFailure is not null)
            {
                LogWakeFailed(logger, failed, domains.Count, firstFailure);
            }
            else if (domains.Count > 0)
            {
                LogScanned(logger, domains.Count);
            }

            return (woken, failed);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage or the cluster is unavailable right now; the schedule tries again soon.
            LogScanFailed(logger, ex);
            return (0, 1);
        }
    }

    /// <summary>Waits <paramref name="wait"/> or until a silo loss asks for a scan; returns true in the latter case.</summary>
    private async Task<bool> WaitForNextScanAsync(TimeSpan wait, Task requested, CancellationToken cancellationToken)
    {
        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, time, delayCancellation.Token);
        var first = await Task.WhenAny(delay, requested);
        await delayCancellation.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == requested;
    }

    /// <summary>Asks for a scan whenever another silo enters a terminating status (shutting down, stopping, dead).</summary>
    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        try
        {
            ClusterMembershipSnapshot? previous = null;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (previous is not null)
                {
                    foreach (var member in snapshot.CreateUpdate(previous).Changes)
                    {
                        if (member.Status.IsTerminating() && !member.SiloAddress.Equals(localSilo.SiloAddress))
                        {
                            LogSiloLost(logger, member.SiloAddress, member.Status);
                            Volatile.Read(ref _scanRequested).TrySetResult();
                        }
                    }
                }

                previous = snapshot;
            }
        }
        catch (Exception ex)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                // Recovery still happens at every interval, only later.
                LogMembershipWatchFailed(logger, ex);
            }
        }
    }

    private static TaskCompletionSource NewRequest() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recovery scan woke {Count} domain queue(s)")]
    private static partial void LogScanned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery scan could not wake {Failed} of {Count} domain queue(s); it is repeated shortly")]
    private static partial void LogWakeFailed(ILogger logger, int failed, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is {Status}: waking the domain queues now")]
    private static partial void LogSiloLost(ILogger logger, SiloAddress silo, SiloStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster membership failed; queues of a lost silo wait for the next recovery scan")]
    private static partial void LogMembershipWatchFailed(ILogger logger, Exception exception);
}
