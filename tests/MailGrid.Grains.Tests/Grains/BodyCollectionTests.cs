using MailGrid.Grains.Tests.Cluster;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Storage;
using MailGrid.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>A body blob lives exactly as long as a recipient may still need it.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BodyCollectionTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    private IBlobStore Blobs => Cluster.SiloServices.GetRequiredService<IBlobStore>();

    [Fact]
    public async Task The_body_goes_when_the_remote_copy_is_delivered_and_the_last_mailbox_copy_is_deleted()
    {
        var domain = TestMessages.SinkDomain("collect");
        var local = $"alice@{MailGridCluster.LocalDomain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "collect me", TestMessages.Local(local), TestMessages.Remote($"ok@{domain}"));

        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[$"ok@{domain}"].State == RecipientState.Delivered, "remote delivery");
        Assert.True(await ExistsAsync(envelope.BlobKey), "a mailbox still holds a copy");

        var mailbox = Cluster.Client.GetGrain<IMailboxGrain>(local);
        var entry = (await mailbox.ListAsync(0, 10_000)).Single(e => e.MessageId == envelope.MessageId);
        Assert.True(await mailbox.DeleteAsync(entry.Uid));

        await Eventually.WaitAsync(() => ExistsAsync(envelope.BlobKey), exists => !exists, "the body blob to be deleted");
        var record = await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).GetRecordAsync();
        Assert.True(record!.BodyDeleted);
        Assert.Equal(0, record.MailboxCopies);
    }

    [Fact]
    public async Task A_deferred_recipient_keeps_the_body()
    {
        var domain = TestMessages.SinkDomain("keep");
        var envelope = await TestMessages.AcceptAsync(Cluster, "keep me", TestMessages.Remote($"defer-k@{domain}"));

        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[$"defer-k@{domain}"].State == RecipientState.Deferred, "a deferral");
        Assert.True(await ExistsAsync(envelope.BlobKey));
    }

    private async Task<bool> ExistsAsync(string key)
    {
        await using var body = await Blobs.OpenReadAsync(key, CancellationToken.None);
        return body is not null;
    }
}
