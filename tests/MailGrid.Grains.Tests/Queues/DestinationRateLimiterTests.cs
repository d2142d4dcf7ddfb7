using MailGrid.Grains.Queues;
using Microsoft.Extensions.Time.Testing;

namespace MailGrid.Grains.Tests.Queues;

public sealed class DestinationRateLimiterTests
{
    [Fact]
    public void Unlimited_destinations_take_everything()
    {
        var limiter = new DestinationRateLimiter(new FakeTimeProvider());
        Assert.Equal(500, limiter.Take(new DestinationLimits(), 500));
    }

    [Fact]
    public void Per_minute_limit_grants_a_full_bucket_then_refills_over_the_minute()
    {
        var time = new FakeTimeProvider();
        var limits = new DestinationLimits { MaxMessagesPerMinute = 6 };
        var limiter = new DestinationRateLimiter(time);

        Assert.Equal(6, limiter.Take(limits, 10));
        Assert.Equal(0, limiter.Take(limits, 10));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(10), limiter.NextAvailable(limits));

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(2, limiter.Take(limits, 10));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(6, limiter.Take(limits, 10));
    }

    [Fact]
    public void The_tighter_of_minute_and_hour_limits_applies_and_unused_sends_come_back()
    {
        var time = new FakeTimeProvider();
        var limits = new DestinationLimits { MaxMessagesPerMinute = 100, MaxMessagesPerHour = 5 };
        var limiter = new DestinationRateLimiter(time);

        Assert.Equal(5, limiter.Take(limits, 50));
        limiter.Return(limits, 3);
        Assert.Equal(3, limiter.Take(limits, 50));
        Assert.Equal(0, limiter.Take(limits, 1));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(12), limiter.NextAvailable(limits));
    }
}
