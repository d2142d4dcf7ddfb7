using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Tests.Grains;

/// <summary><see cref="IMessageGrain.AcceptAsync"/> writes the record and fans out to mailboxes and domain queues before returning.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class MessageAcceptTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Accept_appends_to_the_mailbox_and_enqueues_for_the_remote_domain()
    {
        var mailbox = $"box-{Guid.NewGuid():N}@{MailGridCluster.LocalDomain}";
        var remote = $"bob@unrouted-{Guid.NewGuid():N}.example";
        var envelope = await TestMessages.AcceptAsync(Cluster, "fan-out", TestMessages.Local(mailbox), TestMessages.Remote(remote));

        // Durable on return: the mailbox entry has a UID and the queue holds the remote recipient.
        var entry = Assert.Single(await Cluster.Client.GetGrain<IMailboxGrain>(mailbox).ListAsync(0, 10));
        Assert.Equal(envelope.MessageId, entry.MessageId);
        Assert.Equal(envelope.BlobKey, entry.BlobKey);
        Assert.Equal(envelope.Size, entry.Size);
        Assert.Equal(TestMessages.Sender, entry.ReversePath);
        Assert.True(entry.Uid > 0, "the store assigns a UID");

        var domain = TestMessages.Remote(remote).Target;
        var queued = Assert.Single(await Cluster.Client.GetGrain<IDomainQueueGrain>(domain).ListAsync(10));
        Assert.Equal(envelope.MessageId, queued.MessageId);
        Assert.Equal([remote], queued.Recipients);
        Assert.Equal(envelope.BlobKey, queued.BlobKey);
        Assert.Contains(domain, await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None));

        var record = await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).GetRecordAsync();
        Assert.NotNull(record);
        Assert.Equal(envelope, record.Envelope with { Recipients = envelope.Recipients });
        Assert.Equal(envelope.Recipients, record.Envelope.Recipients);
        var local = record.Recipients.Single(r => r.Address == mailbox);
        Assert.Equal(RecipientState.Delivered, local.State);
        Assert.Equal(1, local.Attempts);
    }

    [Fact]
    public async Task Unrouted_domain_is_deferred_with_no_route_and_stays_queued()
    {
        var remote = $"carol@unrouted-{Guid.NewGuid():N}.example";
        var envelope = await TestMessages.AcceptAsync(Cluster, "no route", TestMessages.Remote(remote));

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[remote].State == RecipientState.Deferred, "the unrouted recipient to be deferred");

        Assert.Contains("4.4.4", statuses[remote].Detail, StringComparison.Ordinal);
        // Outcomes are reported before the entry is rewritten, so wait for the rewrite.
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(TestMessages.Remote(remote).Target);
        var entries = await Eventually.WaitAsync(() => queue.ListAsync(10), e => e.Length == 1 && e[0].Attempts >= 1, "the entry to be rescheduled");
        var queued = entries[0];
        Assert.Contains("4.4.4", queued.LastError, StringComparison.Ordinal);
        Assert.True(queued.DueAt > envelope.ArrivedAt, "a retry is scheduled after the first attempt");
    }

    [Fact]
    public async Task Each_append_to_a_mailbox_gets_a_higher_uid()
    {
        var mailbox = $"box-{Guid.NewGuid():N}@{MailGridCluster.LocalDomain}";
        var first = await TestMessages.AcceptAsync(Cluster, "one", TestMessages.Local(mailbox));
        var second = await TestMessages.AcceptAsync(Cluster, "two", TestMessages.Local(mailbox));

        var grain = Cluster.Client.GetGrain<IMailboxGrain>(mailbox);
        var entries = await grain.ListAsync(0, 10);
        Assert.Equal([first.MessageId, second.MessageId], entries.Select(e => e.MessageId));
        Assert.True(entries[1].Uid > entries[0].Uid);
        Assert.Equal(2, await grain.CountAsync());
        Assert.Equal(second.MessageId, (await grain.GetAsync(entries[1].Uid))?.MessageId);
    }

    [Fact]
    public async Task Unknown_message_has_no_record_and_ignores_reports()
    {
        var grain = Cluster.Client.GetGrain<IMessageGrain>(Guid.NewGuid().ToString("N"));

        await grain.ReportAsync([new RecipientOutcome { Address = "x@y.test", State = RecipientState.Delivered, At = DateTimeOffset.UtcNow }]);

        Assert.Null(await grain.GetRecordAsync());
    }
}
