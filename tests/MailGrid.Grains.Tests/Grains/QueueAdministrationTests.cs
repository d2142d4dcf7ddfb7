using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>Pause, resume, retry now, bounce and delete on a domain queue.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class QueueAdministrationTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private MailGridCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_paused_queue_keeps_its_mail_until_resumed()
    {
        var domain = TestMessages.SinkDomain("pause");
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(domain);
        await queue.PauseAsync();

        var envelope = await TestMessages.AcceptAsync(Cluster, "paused", TestMessages.Remote($"p@{domain}"));
        await queue.WakeAsync();
        var summary = await queue.GetSummaryAsync();
        Assert.True(summary.Paused);
        Assert.Equal(1, summary.Depth);

        await queue.ResumeAsync();
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[$"p@{domain}"].State == RecipientState.Delivered, "delivery after resume");
        Assert.False((await queue.GetSummaryAsync()).Paused);
    }

    [Fact]
    public async Task Retry_now_makes_a_far_future_entry_due()
    {
        var domain = TestMessages.SinkDomain("retrynow");
        var recipient = $"later@{domain}";
        var envelope = await TestMessages.StoreAsync(Cluster, "retry now", [TestMessages.Remote(recipient)]);
        var entry = new QueueEntry
        {
            MessageId = envelope.MessageId,
            BlobKey = envelope.BlobKey,
            ReversePath = envelope.ReversePath,
            Recipients = [recipient],
            ArrivedAt = envelope.ArrivedAt,
            DueAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(domain);
        await queue.EnqueueAsync(entry);
        Assert.Equal(1, (await queue.GetSummaryAsync()).Depth);

        Assert.True(await queue.RetryNowAsync(envelope.MessageId));
        Assert.False(await queue.RetryNowAsync("no-such-message"));
        await Eventually.TrueAsync(() => Cluster.Sink.Messages.Any(m => m.Recipients.Contains(recipient)), Deadline, "the entry delivered after retry now");
    }

    [Fact]
    public async Task Bounce_and_delete_fail_the_recipients_and_empty_the_queue()
    {
        var domain = TestMessages.SinkDomain("bounce");
        var bounced = await TestMessages.AcceptAsync(Cluster, "bounce me", TestMessages.Remote($"defer-b@{domain}"));
        var deleted = await TestMessages.AcceptAsync(Cluster, "delete me", TestMessages.Remote($"defer-d@{domain}"));
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(domain);

        Assert.True(await queue.BounceAsync(bounced.MessageId));
        Assert.True(await queue.DeleteAsync(deleted.MessageId));
        Assert.False(await queue.DeleteAsync(deleted.MessageId));

        var bouncedStatus = await TestMessages.WaitForRecipientsAsync(Cluster, bounced.MessageId, s => s[$"defer-b@{domain}"].State == RecipientState.Failed, "the bounced recipient failed");
        Assert.Contains("bounced by the administrator", bouncedStatus[$"defer-b@{domain}"].Detail, StringComparison.Ordinal);
        await TestMessages.WaitForRecipientsAsync(Cluster, deleted.MessageId, s => s[$"defer-d@{domain}"].State == RecipientState.Failed, "the deleted recipient failed");
        await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, Deadline, "the queue to be empty");
    }
}
