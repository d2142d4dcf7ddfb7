using MailGrid.Storage;
using Microsoft.Extensions.DependencyInjection;
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
        // A message accepted before a crash: its record and queue entry are durable, but no grain is active.
        var domain = TestMessages.SinkDomain("resume");
        var recipient = $"sam@{domain}";
        var envelope = await TestMessages.StoreAsync(Cluster, "resumed", [TestMessages.Remote(recipient)]);
        var now = DateTimeOffset.UtcNow;
        var messages = Cluster.SiloServices.GetRequiredService<IMessageStore>();
        await messages.SaveAsync(new MessageRecord
        {
            Envelope = envelope,
            Recipients = [new RecipientStatus { Address = recipient, State = RecipientState.Queued, UpdatedAt = now }],
        }, CancellationToken.None);
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

        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Delivered, "the recovered delivery in the record");
        Assert.Single(Cluster.Sink.Messages, m => m.Recipients.Contains(recipient));
    }
}
