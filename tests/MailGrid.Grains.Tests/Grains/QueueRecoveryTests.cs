using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>The recovery scan wakes queues that have mail in the store but no active grain (after a restart or silo loss).</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class QueueRecoveryTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Scan_wakes_a_queue_that_only_the_store_knows_about()
    {
        var domain = TestMessages.SinkDomain("recover");
        var recipient = $"rita@{domain}";
        var envelope = await TestMessages.StoreAsync(Cluster, "recovered", [TestMessages.Remote(recipient)]);
        var now = DateTimeOffset.UtcNow;

        // Written behind the grains' back, as a crashed silo would leave it: no grain for this domain is active.
        await Cluster.QueueStore.UpsertAsync(domain, new QueueEntry
        {
            MessageId = envelope.MessageId,
            BlobKey = envelope.BlobKey,
            ReversePath = envelope.ReversePath,
            Recipients = [recipient],
            ArrivedAt = now,
            DueAt = now,
            Size = envelope.Size,
        }, CancellationToken.None);
        Assert.Contains(domain, await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None));
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains(recipient));

        var woken = await Cluster.RecoveryService.ScanAsync(CancellationToken.None);

        Assert.True(woken >= 1, $"the scan should wake at least {domain}, woke {woken}");
        var received = await Eventually.WaitAsync(
            () => Task.FromResult(Cluster.Sink.Messages.Where(m => m.Recipients.Contains(recipient)).ToArray()),
            found => found.Length > 0,
            $"the recovered message for {recipient} to reach the sink");
        Assert.Equal("recovered", Assert.Single(received).ToMimeMessage().Subject);
        await Eventually.WaitAsync(
            async () => await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None),
            active => !active.Contains(domain),
            $"{domain} to leave the registry once delivered");
    }

    [Fact]
    public async Task Scan_resumes_a_message_whose_record_exists()
    {
        // The message grain has a record (accepted before the crash); the recovered delivery updates it.
        var domain = TestMessages.SinkDomain("resume");
        var recipient = $"sam@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "resumed", TestMessages.Remote(recipient));
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Delivered, "the first delivery");

        // Re-queue the same message as if the removal had never happened; only a scan can find it now.
        var now = DateTimeOffset.UtcNow;
        await Cluster.TestCluster.DeactivateAsync(Cluster.Client.GetGrain<IDomainQueueGrain>(domain));
        await Cluster.QueueStore.UpsertAsync(domain, new QueueEntry
        {
            MessageId = envelope.MessageId,
            BlobKey = envelope.BlobKey,
            ReversePath = envelope.ReversePath,
            Recipients = [recipient],
            ArrivedAt = now,
            DueAt = now,
        }, CancellationToken.None);
        await Cluster.RecoveryService.ScanAsync(CancellationToken.None);

        await Eventually.WaitAsync(
            () => Task.FromResult(Cluster.Sink.Messages.Count(m => m.Recipients.Contains(recipient))),
            n => n == 2,
            $"a second copy for {recipient} after the scan");
    }
}
