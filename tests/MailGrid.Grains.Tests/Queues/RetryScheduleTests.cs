using MailGrid.Delivery;
using MailGrid.Grains.Queues;

namespace MailGrid.Grains.Tests.Queues;

/// <summary>Backoff of <see cref="RetrySchedule"/>: doubling from the first delay, capped, with ±10% jitter.</summary>
public sealed class RetryScheduleTests
{
    private static readonly DeliveryOptions Options = new() { FirstRetryDelay = TimeSpan.FromMinutes(5), MaxRetryDelay = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(50, 60)]
    [InlineData(int.MaxValue, 60)]
    public void Delay_doubles_from_the_first_retry_delay_up_to_the_cap(int attempts, int expectedMinutes)
    {
        var random = new Random(42);
        for (var sample = 0; sample < 200; sample++)
        {
            var delay = RetrySchedule.DelayAfter(attempts, Options, random);

            Assert.InRange(delay, TimeSpan.FromMinutes(expectedMinutes * 0.9), TimeSpan.FromMinutes(expectedMinutes * 1.1));
        }
    }

    [Fact]
    public void Zero_or_negative_attempts_count_as_the_first()
    {
        var delay = RetrySchedule.DelayAfter(0, Options, new Random(1));

        Assert.InRange(delay, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5));
    }

    [Fact]
    public void Jitter_spreads_delays_across_the_whole_band()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 1000).Select(_ => RetrySchedule.DelayAfter(1, Options, random).TotalMinutes).ToArray();

        // Seeded, so this is deterministic: the band is used on both sides of the nominal delay, not a constant.
        Assert.InRange(delays.Min(), 4.5, 4.55);
        Assert.InRange(delays.Max(), 5.45, 5.5);
        Assert.True(delays.Distinct().Count() > 900, "jitter should make almost every delay distinct");
    }

    [Fact]
    public void Same_seed_gives_the_same_delays()
    {
        var first = Enumerable.Range(1, 10).Select(a => RetrySchedule.DelayAfter(a, Options, new Random(3))).ToArray();
        var second = Enumerable.Range(1, 10).Select(a => RetrySchedule.DelayAfter(a, Options, new Random(3))).ToArray();

        Assert.Equal(first, second);
    }
}
