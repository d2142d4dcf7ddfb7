using MailGrid.Grains.Queues;

namespace MailGrid.Grains.Tests.Queues;

/// <summary><see cref="RecoveryScanSchedule"/>: the interval normally, quick follow-ups after a silo loss or a failed scan.</summary>
public sealed class RecoveryScanScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    [Fact]
    public void Clean_scans_wait_the_interval()
    {
        var schedule = new RecoveryScanSchedule();

        Assert.Equal([Interval, Interval, Interval], Waits(schedule, false, false, false));
    }

    [Fact]
    public void A_silo_loss_brings_three_quick_follow_ups_then_the_interval()
    {
        var schedule = new RecoveryScanSchedule();
        schedule.SiloLost();

        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Interval, Interval], Waits(schedule, false, false, false, false, false));
    }

    [Fact]
    public void Another_loss_during_the_follow_ups_starts_them_again()
    {
        var schedule = new RecoveryScanSchedule();
        schedule.SiloLost();
        var first = Waits(schedule, false, false);
        schedule.SiloLost();

        Assert.Equal([Seconds(1), Seconds(2)], first);
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Interval], Waits(schedule, false, false, false, false));
    }

    [Fact]
    public void Failing_scans_back_off_up_to_the_interval_and_a_clean_one_ends_it()
    {
        var schedule = new RecoveryScanSchedule();

        Assert.Equal(
            [Seconds(1), Seconds(2), Seconds(4), Seconds(8), Seconds(16), Seconds(32), Interval, Interval, Interval],
            Waits(schedule, true, true, true, true, true, true, true, true, false));
        Assert.Equal([Seconds(1)], Waits(schedule, true));
    }

    [Fact]
    public void No_follow_up_is_longer_than_a_short_interval()
    {
        var schedule = new RecoveryScanSchedule();
        schedule.SiloLost();
        var interval = TimeSpan.FromMilliseconds(1500);

        Assert.Equal(
            [Seconds(1), interval, interval, interval],
            Enumerable.Range(0, 4).Select(_ => schedule.Next(false, interval)).ToArray());
    }

    private static TimeSpan[] Waits(RecoveryScanSchedule schedule, params bool[] failedScans)
        => [.. failedScans.Select(failed => schedule.Next(failed, Interval))];

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
