namespace MailGrid.Grains.Queues;

/// <summary>
/// Token buckets for messages per minute and per hour to one destination. In memory in the domain grain,
/// the single owner of the destination: a restart refills the buckets, which errs toward sending.
/// </summary>
public sealed class DestinationRateLimiter(TimeProvider time)
{
    private readonly Bucket _perMinute = new(TimeSpan.FromMinutes(1));
    private readonly Bucket _perHour = new(TimeSpan.FromHours(1));

    /// <summary>Takes up to <paramref name="wanted"/> sends; returns how many are allowed now (0 when none).</summary>
    public int Take(DestinationLimits limits, int wanted)
    {
        var now = time.GetUtcNow();
        var allowed = Math.Min(wanted, Math.Min(_perMinute.Available(limits.MaxMessagesPerMinute, now), _perHour.Available(limits.MaxMessagesPerHour, now)));
        _perMinute.Take(limits.MaxMessagesPerMinute, allowed);
        _perHour.Take(limits.MaxMessagesPerHour, allowed);
        return allowed;
    }

    /// <summary>Gives back sends taken but not used.</summary>
    public void Return(DestinationLimits limits, int count)
    {
        if (count > 0)
        {
            _perMinute.Take(limits.MaxMessagesPerMinute, -count);
            _perHour.Take(limits.MaxMessagesPerHour, -count);
        }
    }

    /// <summary>When at least one send will be allowed again.</summary>
    public DateTimeOffset NextAvailable(DestinationLimits limits)
    {
        var now = time.GetUtcNow();
        var minute = _perMinute.NextToken(limits.MaxMessagesPerMinute, now);
        var hour = _perHour.NextToken(limits.MaxMessagesPerHour, now);
        return minute > hour ? minute : hour;
    }

    private sealed class Bucket(TimeSpan window)
    {
        private double _tokens = double.NaN;
        private DateTimeOffset _updated;

        public int Available(int limit, DateTimeOffset now)
        {
            if (limit <= 0)
            {
                return int.MaxValue;
            }

            Refill(limit, now);
            return (int)Math.Floor(_tokens);
        }

        public void Take(int limit, int count)
        {
            if (limit > 0)
            {
                _tokens -= count;
            }
        }

        public DateTimeOffset NextToken(int limit, DateTimeOffset now)
        {
            if (limit <= 0)
            {
                return now;
            }

            Refill(limit, now);
            return _tokens >= 1 ? now : now + (window * ((1 - _tokens) / limit));
        }

        private void Refill(int limit, DateTimeOffset now)
        {
            if (double.IsNaN(_tokens))
            {
                _tokens = limit;
            }
            else
            {
                _tokens = Math.Min(limit, _tokens + ((now - _updated) / window * limit));
            }

            _updated = now;
        }
    }
}
