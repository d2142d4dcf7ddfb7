using System.Collections.Concurrent;
using MailGrid.Delivery;
using MailGrid.Delivery.Telemetry;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Queues;

/// <summary>
/// Recovery is a scan, not a hope: at start and then periodically, every silo wakes each domain queue the
/// store lists as non-empty. That reactivates queues after a restart and those whose silo died.
/// Waking an active queue costs one message, so running this on every silo is harmless. The scan also counts each
/// queue's entries for the <c>mailgrid.queue.depth</c> gauges.
/// </summary>
public sealed partial class QueueRecoveryService(
    IQueueStore store,
    IGrainFactory grains,
    IOptionsMonitor<DeliveryOptions> options,
    DeliveryTelemetry telemetry,
    TimeProvider time,
    ILogger<QueueRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.RecoveryScanInterval, time);
        do
        {
            await ScanAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Wakes every non-empty domain queue and publishes their depths; returns how many were woken.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        try
        {
            var domains = await store.GetActiveDomainsAsync(cancellationToken);
            var depths = new ConcurrentBag<KeyValuePair<string, long>>();
            await Parallel.ForEachAsync(domains, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (domain, token) =>
            {
                await grains.GetGrain<IDomainQueueGrain>(domain).WakeAsync();
                depths.Add(new(domain, await store.CountAsync(domain, token)));
            });
            telemetry.QueueDepthScanned(depths);
            if (domains.Count > 0)
            {
                LogScanned(logger, domains.Count);
            }

            return domains.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage or the cluster is unavailable right now; the next tick tries again.
            LogScanFailed(logger, ex);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recovery scan woke {Count} domain queue(s)")]
    private static partial void LogScanned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
