using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>
/// Enqueues that land while the loop is finishing a pass must not be lost: the periodic recovery scan is off in
/// these tests, so a lost wake-up leaves a message sitting in the queue and the test times out.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DomainQueueWakeUpTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_message_enqueued_as_the_previous_pass_ends_is_delivered()
    {
        // Each message is accepted the moment the sink has the previous one, i.e. while that pass is winding down
        // (reporting, removing, looking for the next due time).
        var domain = TestMessages.SinkDomain("tail");
        for (var i = 0; i < 40; i++)
        {
            var recipient = $"user{i}@{domain}";
            await TestMessages.AcceptAsync(Cluster, $"tail {i}", TestMessages.Remote(recipient));
            await Eventually.WaitAsync(
                () => Task.FromResult(Cluster.Sink.Messages.Any(m => m.Recipients.Contains(recipient))),
                found => found,
                $"message {i} to reach the sink",
                TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task Back_to_back_messages_to_one_domain_are_all_delivered()
    {
        const int count = 60;
        var domain = TestMessages.SinkDomain("burst");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var envelope = await TestMessages.AcceptAsync(Cluster, $"burst {i}", TestMessages.Remote($"user{i}@{domain}"));
            ids.Add(envelope.MessageId);
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(Cluster.Sink.Messages.Count(m => m.Recipients.Any(r => r.EndsWith(domain, StringComparison.Ordinal)))),
            delivered => delivered >= count,
            $"{count} messages to reach the sink for {domain}");
        // Outcomes come back per batch (one connection's worth), so the records may trail the sink briefly.
        foreach (var id in ids)
        {
            var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, id, s => s.Values.All(r => r.State == RecipientState.Delivered), "the record to say delivered");
            Assert.Equal(RecipientState.Delivered, Assert.Single(statuses.Values).State);
        }
    }
}
