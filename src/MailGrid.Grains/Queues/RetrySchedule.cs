using MailGrid.Delivery;

namespace MailGrid.Grains.Queues;

/// <summary>Exponential backoff with jitter, so a queue deferred at once does not come due at once.</summary>
public static class RetrySchedule
{
    /// <summary>The delay after the <paramref name="attempts"/>-th failed attempt (1-based): first, doubled each time, capped, ±10% jitter.</summary>
    public static TimeSpan DelayAfter(int attempts, DeliveryOptions options, Random random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(options.FirstRetryDelay.Ticks * Math.Pow(2, exponent), options.MaxRetryDelay.Ticks);
        var jitter = 0.9 + (random.NextDouble() * 0.2);
        return TimeSpan.FromTicks((long)(ticks * jitter));
    }
}
