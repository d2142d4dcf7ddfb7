using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Sweep;

/// <summary>
/// Runs <see cref="StorageSweeper"/> on every silo, one pass per <see cref="StorageSweepOptions.Interval"/> (the first
/// one interval after start, when the silo is no longer busy starting). Passes of different silos may overlap: that is
/// safe, and costs only the repeated checks.
/// </summary>
public sealed partial class StorageSweepService(
    StorageSweeper sweeper,
    IOptionsMonitor<StorageSweepOptions> options,
    TimeProvider time,
    ILogger<StorageSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Failures inside a pass are logged by the sweeper and retried next tick; only shutdown ends the loop.
            await sweeper.SweepAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage sweep is disabled on this silo (MailGrid:Sweep:Enabled)")]
    private static partial void LogDisabled(ILogger logger);
}
