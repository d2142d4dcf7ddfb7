using MailGrid.Delivery;
using MailGrid.Grains.Queues;
using MailGrid.Messages;
using MailGrid.Queues;
using Microsoft.Extensions.Time.Testing;

namespace MailGrid.Grains.Tests.Queues;

/// <summary>
/// <see cref="QueueEntryPlanner"/> on a fake clock with the default (Postfix-like) settings: five days of retries
/// run in milliseconds.
/// </summary>
public sealed class QueueEntryPlannerTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryOptions Defaults = new();

    [Fact]
    public void A_message_deferred_again_and_again_backs_off_to_hourly_and_expires_after_five_days()
    {
        var time = new FakeTimeProvider(Arrival);
        var random = new Random(11);
        var entry = Entry("defer@slow.test");
        var delays = new List<TimeSpan>();
        QueueEntryPlan plan;
        while (true)
        {
            plan = QueueEntryPlanner.Plan(entry, [Deferred("defer@slow.test", time)], Defaults, time, random);
            if (plan.Next is null)
            {
                break;
            }

            Assert.Equal(["defer@slow.test"], plan.Next.Recipients);
            Assert.Equal(entry.Attempts + 1, plan.Next.Attempts);
            Assert.Equal(time.GetUtcNow() + plan.RetryDelay, plan.Next.DueAt);
            Assert.StartsWith("450 4.2.0", plan.LastError, StringComparison.Ordinal);
            delays.Add(plan.RetryDelay);
            entry = plan.Next;
            time.SetUtcNow(entry.DueAt); // the queue tries again exactly when due
        }

        // 5, 10, 20, 40 minutes, then hourly; each ±10%.
        int[] nominal = [5, 10, 20, 40];
        for (var i = 0; i < delays.Count; i++)
        {
            var minutes = i < nominal.Length ? nominal[i] : 60;
            Assert.InRange(delays[i], TimeSpan.FromMinutes(minutes * 0.9), TimeSpan.FromMinutes(minutes * 1.1));
        }

        // The jitter is real: hourly retries are not all the same length.
        Assert.True(delays.Skip(nominal.Length).Distinct().Count() > 10, "jittered hourly delays");

        // The attempt that finds the message past five days fails it: not before, and at most one (jittered) hour after.
        var age = time.GetUtcNow() - Arrival;
        Assert.InRange(age, TimeSpan.FromDays(5), TimeSpan.FromDays(5) + TimeSpan.FromMinutes(66));
        Assert.True(plan.Remove);
        Assert.True(plan.Expired);
        var failure = Assert.Single(plan.Report);
        Assert.Equal(RecipientState.Failed, failure.State);
        Assert.StartsWith("554 4.4.7", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("450 4.2.0", failure.Detail, StringComparison.Ordinal); // keeps the last error
        Assert.StartsWith("450 4.2.0", failure.LastReply, StringComparison.Ordinal); // for the DSN's Diagnostic-Code

        // 4 growing delays plus about 24 × 5 − 1.25 hourly ones: the attempt count Postfix would make too.
        Assert.InRange(delays.Count, 4 + 105, 4 + 135);
    }

    [Fact]
    public void A_partial_outcome_keeps_only_the_deferred_recipients()
    {
        var time = new FakeTimeProvider(Arrival.AddMinutes(5));
        var entry = Entry("ok@mixed.test", "later@mixed.test", "bad@mixed.test", "again@mixed.test");

        var plan = QueueEntryPlanner.Plan(entry,
        [
            Outcome("ok@mixed.test", RecipientState.Delivered, "250 2.0.0 Ok", time),
            Deferred("later@mixed.test", time),
            Outcome("bad@mixed.test", RecipientState.Failed, "550 5.1.1 no such user", time),
            Outcome("again@mixed.test", RecipientState.Deferred, "451 4.3.0 try again", time),
        ], Defaults, time, new Random(1));

        Assert.False(plan.Remove);
        Assert.False(plan.Expired);
        Assert.Equal(["later@mixed.test", "again@mixed.test"], plan.Next!.Recipients);
        Assert.Equal(1, plan.Next.Attempts);
        Assert.InRange(plan.Next.DueAt - time.GetUtcNow(), TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5));
        Assert.Equal(entry.MessageId, plan.Next.MessageId);
        Assert.Equal(entry.ArrivedAt, plan.Next.ArrivedAt);
        // Every recipient's outcome is reported as it was: the final ones leave, the deferred ones are recorded as deferred.
        Assert.Equal([RecipientState.Delivered, RecipientState.Deferred, RecipientState.Failed, RecipientState.Deferred], plan.Report.Select(r => r.State));
    }

    [Fact]
    public void Final_outcomes_remove_the_entry_without_a_retry()
    {
        var time = new FakeTimeProvider(Arrival.AddMinutes(1));

        var plan = QueueEntryPlanner.Plan(Entry("ok@done.test", "bad@done.test"),
            [Outcome("ok@done.test", RecipientState.Delivered, "250 2.0.0 Ok", time), Outcome("bad@done.test", RecipientState.Failed, "550 5.1.1 no", time)],
            Defaults, time, new Random(1));

        Assert.True(plan.Remove);
        Assert.False(plan.Expired);
        Assert.Equal(TimeSpan.Zero, plan.RetryDelay);
        Assert.Equal("550 5.1.1 no", plan.Report[1].Detail);
    }

    [Fact]
    public void Past_the_lifetime_only_deferred_recipients_expire()
    {
        var time = new FakeTimeProvider(Arrival + Defaults.MaxLifetime);

        var plan = QueueEntryPlanner.Plan(Entry("ok@late.test", "later@late.test"),
            [Outcome("ok@late.test", RecipientState.Delivered, "250 2.0.0 Ok", time), Deferred("later@late.test", time)],
            Defaults, time, new Random(1));

        Assert.True(plan.Remove);
        Assert.True(plan.Expired);
        Assert.Equal(RecipientState.Delivered, plan.Report[0].State);
        Assert.Equal(RecipientState.Failed, plan.Report[1].State);
        Assert.StartsWith("554 4.4.7", plan.Report[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Just_before_the_lifetime_a_deferral_is_still_retried()
    {
        var time = new FakeTimeProvider(Arrival + Defaults.MaxLifetime - TimeSpan.FromMilliseconds(1));

        var plan = QueueEntryPlanner.Plan(Entry("later@edge.test") with { Attempts = 120 }, [Deferred("later@edge.test", time)], Defaults, time, new Random(1));

        Assert.False(plan.Expired);
        Assert.Equal(121, plan.Next!.Attempts);
        Assert.InRange(plan.RetryDelay, TimeSpan.FromMinutes(54), TimeSpan.FromMinutes(66));
    }

    private static QueueEntry Entry(params string[] recipients) => new()
    {
        MessageId = "0193a1b2c3d4e5f60718293a4b5c6d7e",
        BlobKey = "messages/test/planner.eml",
        ReversePath = "sender@origin.test",
        Recipients = recipients,
        ArrivedAt = Arrival,
        DueAt = Arrival,
    };

    private static RecipientOutcome Deferred(string address, TimeProvider time) => Outcome(address, RecipientState.Deferred, $"450 4.2.0 <{address}>: mailbox busy", time);

    private static RecipientOutcome Outcome(string address, RecipientState state, string detail, TimeProvider time)
        => new() { Address = address, State = state, Detail = detail, At = time.GetUtcNow(), RemoteHost = "mx.test" };
}
