using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>A message grain whose recipients are all final goes away at once instead of waiting for the idle collection.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class MessageActivationTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    private IManagementGrain Management => Cluster.Client.GetGrain<IManagementGrain>(0);

    [Fact]
    public async Task A_locally_delivered_message_leaves_no_activation_behind()
    {
        var envelope = await TestMessages.AcceptAsync(Cluster, "local only", TestMessages.Local($"alice@{MailGridCluster.LocalDomain}"));

        await Eventually.WaitAsync(() => IsActiveAsync(envelope.MessageId), active => !active, "the message grain to deactivate");

        // Its record is still there: asking activates the grain again from storage.
        var record = await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).GetRecordAsync();
        Assert.Equal(RecipientState.Delivered, Assert.Single(record!.Recipients).State);
    }

    [Fact]
    public async Task A_relayed_message_deactivates_after_its_final_outcome()
    {
        var domain = TestMessages.SinkDomain("deactivate");
        var envelope = await TestMessages.AcceptAsync(Cluster, "relayed", TestMessages.Remote($"ok@{domain}"));

        await Eventually.WaitAsync(() => IsActiveAsync(envelope.MessageId), active => !active, "the message grain to deactivate after delivery");

        var record = await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).GetRecordAsync();
        Assert.Equal(RecipientState.Delivered, Assert.Single(record!.Recipients).State);
        Assert.True(record.BodyDeleted);
    }

    private async Task<bool> IsActiveAsync(string messageId) =>
        await Management.GetActivationAddress(Cluster.Client.GetGrain<IMessageGrain>(messageId)) is not null;
}
