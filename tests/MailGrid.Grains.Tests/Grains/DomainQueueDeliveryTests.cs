using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>The domain queue's delivery loop against a real SMTP sink: delivery, deferral and retry, permanent failure.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DomainQueueDeliveryTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Remote_recipient_is_delivered_to_the_next_hop_and_the_queue_empties()
    {
        var domain = TestMessages.SinkDomain("deliver");
        var recipient = $"dora@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "delivered", TestMessages.Remote(recipient));

        var received = await WaitForSinkAsync(recipient);
        Assert.Equal(TestMessages.Sender, received.Sender);
        Assert.Equal([recipient], received.Recipients);
        Assert.Equal("grains.test", received.Helo);
        Assert.Equal("delivered", received.ToMimeMessage().Subject);

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[recipient].State == RecipientState.Delivered, "the recipient to be delivered");
        Assert.StartsWith("250", statuses[recipient].Detail, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{Cluster.Sink.Port}", statuses[recipient].RemoteHost);
        Assert.Equal(1, statuses[recipient].Attempts);
        await AssertQueueEmptiesAsync(domain);
    }

    [Fact]
    public async Task Temporary_failure_defers_and_retries_until_delivered()
    {
        var domain = TestMessages.SinkDomain("retry");
        var recipient = $"flaky@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "retried", TestMessages.Remote(recipient));

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[recipient].State == RecipientState.Delivered, "the flaky recipient to be delivered after retries");

        Assert.Equal(ScriptedReplies.FlakyFailures + 1, statuses[recipient].Attempts);
        Assert.Equal(ScriptedReplies.FlakyFailures + 1, Cluster.Replies.TriesOf(recipient));
        Assert.Single(Cluster.Sink.Messages, m => m.Recipients.Contains(recipient));
        await AssertQueueEmptiesAsync(domain);
    }

    [Fact]
    public async Task Permanent_failure_fails_the_recipient_at_once_and_removes_the_entry()
    {
        var domain = TestMessages.SinkDomain("reject");
        var recipient = $"reject@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "rejected", TestMessages.Remote(recipient));

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[recipient].State == RecipientState.Failed, "the rejected recipient to fail");

        Assert.StartsWith("550", statuses[recipient].Detail, StringComparison.Ordinal);
        Assert.Contains("5.1.1", statuses[recipient].Detail, StringComparison.Ordinal);
        Assert.Equal(1, statuses[recipient].Attempts);
        await AssertQueueEmptiesAsync(domain);
        Assert.Equal(1, Cluster.Replies.TriesOf(recipient));
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains(recipient));
    }

    [Fact]
    public async Task Mixed_recipients_each_get_their_own_fate()
    {
        var domain = TestMessages.SinkDomain("mixed");
        var (ok, rejected, deferred) = ($"ok@{domain}", $"reject@{domain}", $"defer@{domain}");
        var envelope = await TestMessages.AcceptAsync(Cluster, "mixed", TestMessages.Remote(ok), TestMessages.Remote(rejected), TestMessages.Remote(deferred));

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[ok].State == RecipientState.Delivered && s[rejected].State == RecipientState.Failed && s[deferred].State == RecipientState.Deferred,
            "delivered / failed / deferred");

        Assert.StartsWith("250", statuses[ok].Detail, StringComparison.Ordinal);
        Assert.StartsWith("550 5.1.1", statuses[rejected].Detail, StringComparison.Ordinal);
        Assert.StartsWith("450 4.2.0", statuses[deferred].Detail, StringComparison.Ordinal);

        // The sink got one copy, for the accepted recipient only; the queue keeps just the deferred one.
        var received = await WaitForSinkAsync(ok);
        Assert.Equal([ok], received.Recipients);
        // Outcomes are reported before the entry is rewritten, so wait for the rewrite.
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(domain);
        var entries = await Eventually.WaitAsync(() => queue.ListAsync(10), e => e.Length == 1 && e[0].Attempts >= 1, "the entry to be rescheduled");
        var entry = entries[0];
        Assert.Equal([deferred], entry.Recipients);
        Assert.StartsWith("450", entry.LastError, StringComparison.Ordinal);

        // Retries go to the deferred recipient alone; the final states stay as they are.
        await Eventually.WaitAsync(() => Task.FromResult(Cluster.Replies.TriesOf(deferred)), n => n >= 2, $"a retry for {deferred}");
        statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, _ => true, "the record");
        Assert.Equal(RecipientState.Delivered, statuses[ok].State);
        Assert.Equal(RecipientState.Failed, statuses[rejected].State);
        Assert.Equal(1, Cluster.Replies.TriesOf(ok));
        Assert.Equal(1, Cluster.Replies.TriesOf(rejected));
    }

    [Fact]
    public async Task Deferred_recipient_past_its_lifetime_fails_as_expired()
    {
        var domain = TestMessages.SinkDomain("late");
        var recipient = $"defer@{domain}";
        var envelope = await TestMessages.StoreAsync(Cluster, "too old", [TestMessages.Remote(recipient)],
            arrivedAt: DateTimeOffset.UtcNow - SharedClusterFixture.MaxLifetime - TimeSpan.FromMinutes(1));
        await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).AcceptAsync(envelope);

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[recipient].State == RecipientState.Failed, "the old message to expire");

        Assert.Contains("4.4.7", statuses[recipient].Detail, StringComparison.Ordinal);
        Assert.Contains("450 4.2.0", statuses[recipient].Detail, StringComparison.Ordinal);
        await AssertQueueEmptiesAsync(domain);
    }

    [Fact]
    public async Task Summary_reports_depth_and_next_due_time()
    {
        var domain = TestMessages.SinkDomain("summary");
        var recipient = $"defer@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "summary", TestMessages.Remote(recipient));
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Deferred, "a deferral");

        var summary = await Cluster.Client.GetGrain<IDomainQueueGrain>(domain).GetSummaryAsync();

        Assert.Equal(domain, summary.Domain);
        Assert.Equal(1, summary.Depth);
        Assert.NotNull(summary.NextDueAt);
    }

    private async Task<ReceivedSmtpMessage> WaitForSinkAsync(string recipient)
    {
        var messages = await Eventually.WaitAsync(
            () => Task.FromResult(Cluster.Sink.Messages.Where(m => m.Recipients.Contains(recipient)).ToArray()),
            found => found.Length > 0,
            $"the sink to receive a message for {recipient}");
        return Assert.Single(messages);
    }

    private async Task AssertQueueEmptiesAsync(string domain)
    {
        await Eventually.WaitAsync(
            async () => await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None),
            active => !active.Contains(domain),
            $"{domain} to leave the registry of non-empty queues");
        Assert.Equal(0, (await Cluster.Client.GetGrain<IDomainQueueGrain>(domain).GetSummaryAsync()).Depth);
    }
}
