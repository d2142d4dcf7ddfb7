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

    [Fact]
    public async Task Recipients_the_record_shows_delivered_are_not_sent_again_after_a_restart()
    {
        // A crash after the outcome reached the record but before the entry was removed: the entry is still due.
        var domain = TestMessages.SinkDomain("settled");
        var (done, open) = ($"done@{domain}", $"open@{domain}");
        var envelope = await TestMessages.StoreAsync(Cluster, "settled", [TestMessages.Remote(done), TestMessages.Remote(open)]);
        var before = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        await Cluster.SiloServices.GetRequiredService<IMessageStore>().SaveAsync(new MessageRecord
        {
            Envelope = envelope,
            Recipients =
            [
                new RecipientStatus { Address = done, State = RecipientState.Delivered, Detail = "250 2.0.0 Ok", Attempts = 1, UpdatedAt = before },
                new RecipientStatus { Address = open, State = RecipientState.Queued, UpdatedAt = before },
            ],
        }, CancellationToken.None);
        await Cluster.QueueStore.UpsertAsync(domain, EntryFor(envelope, [done, open], before), CancellationToken.None);

        await Cluster.RecoveryService.ScanAsync(CancellationToken.None);

        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[open].State == RecipientState.Delivered, "the open recipient to be delivered");
        await Eventually.WaitAsync(
            async () => await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None),
            active => !active.Contains(domain),
            $"{domain} to leave the registry");
        var sent = Assert.Single(Cluster.Sink.Messages, m => m.Recipients.Contains(open));
        Assert.DoesNotContain(done, sent.Recipients);
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains(done));
    }

    [Fact]
    public async Task A_delivery_in_the_journal_is_not_sent_again_and_reaches_the_record()
    {
        // A crash right after the next hop's 250: only the delivery journal knows; record and entry say queued.
        var domain = TestMessages.SinkDomain("journaled");
        var recipient = $"noted@{domain}";
        var envelope = await TestMessages.StoreAsync(Cluster, "journaled", [TestMessages.Remote(recipient)]);
        var before = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        await Cluster.SiloServices.GetRequiredService<IMessageStore>().SaveAsync(new MessageRecord
        {
            Envelope = envelope,
            Recipients = [new RecipientStatus { Address = recipient, State = RecipientState.Queued, UpdatedAt = before }],
        }, CancellationToken.None);
        await Cluster.QueueStore.UpsertAsync(domain, EntryFor(envelope, [recipient], before), CancellationToken.None);
        var journal = Cluster.SiloServices.GetRequiredService<IDeliveryJournal>();
        await journal.WriteAsync(domain, envelope.MessageId, [new RecipientOutcome
        {
            Address = recipient,
            State = RecipientState.Delivered,
            Detail = "250 2.0.0 Ok: queued as 1234",
            RemoteHost = "127.0.0.1:25",
            At = before,
        }], CancellationToken.None);

        await Cluster.RecoveryService.ScanAsync(CancellationToken.None);

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[recipient].State == RecipientState.Delivered, "the journaled delivery to reach the record");
        Assert.Equal("250 2.0.0 Ok: queued as 1234", statuses[recipient].Detail);
        await Eventually.WaitAsync(
            async () => await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None),
            active => !active.Contains(domain),
            $"{domain} to leave the registry without a delivery");
        // The queue forgets the note right after it removes the entry (the registry above), so the note goes a moment later.
        await Eventually.WaitAsync(
            async () => await journal.FindAsync(domain, envelope.MessageId, CancellationToken.None),
            notes => notes.Count == 0,
            "the applied delivery's journal note to be forgotten");
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains(recipient));
    }

    private static QueueEntry EntryFor(MessageEnvelope envelope, string[] recipients, DateTimeOffset at) => new()
    {
        MessageId = envelope.MessageId,
        BlobKey = envelope.BlobKey,
        ReversePath = envelope.ReversePath,
        Recipients = recipients,
        ArrivedAt = at,
        DueAt = at,
        Size = envelope.Size,
        DsnRecipients = [],
    };
}
