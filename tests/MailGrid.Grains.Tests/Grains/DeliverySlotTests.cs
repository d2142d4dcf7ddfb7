using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>
/// Connection slots run loops of their own: mail that keeps arriving is spread over them and each message reaches the
/// receiver once; one slot's outcomes are recorded while another slot is still in its session, and each outcome of a
/// batch as soon as its reply arrives; queue entries carry the DSN parameters the next hop gets.
/// </summary>
public sealed class DeliverySlotTests : IAsyncLifetime
{
    private const string Busy = "busy.sink.test";
    private const string Pair = "pair.sink.test";
    private const string Dsn = "dsn.sink.test";
    private const string Serial = "serial.sink.test";
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
        {
            [$"Limits:Domains:{Busy}:MaxConnections"] = "3",
            [$"Limits:Domains:{Busy}:MaxMessagesPerConnection"] = "7",
            [$"Limits:Domains:{Pair}:MaxConnections"] = "2",
            [$"Limits:Domains:{Pair}:MaxMessagesPerConnection"] = "1",
            [$"Limits:Domains:{Serial}:MaxConnections"] = "1",
        });
        var scripted = Cluster.Sink.RecipientReply!;
        Cluster.Sink.RecipientReply = address =>
        {
            if (address.StartsWith("hold@", StringComparison.OrdinalIgnoreCase))
            {
                // Keeps this session in its RCPT until the test lets it go (bounded, so a failing test cannot hang).
                _release.Task.Wait(TimeSpan.FromSeconds(60));
            }

            return scripted(address);
        };
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mail_arriving_during_delivery_goes_over_several_slots_and_each_message_arrives_once()
    {
        var recipients = Enumerable.Range(0, 120).Select(i => $"r{i}@{Busy}").ToArray();

        // Accepted in waves while earlier ones are being delivered, so slots start, run dry and start again.
        foreach (var wave in recipients.Chunk(10))
        {
            await Task.WhenAll(wave.Select(r => TestMessages.AcceptAsync(Cluster, "busy", TestMessages.Remote(r))));
        }

        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Busy);
        await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(60), "the busy queue to drain");
        var received = Cluster.Sink.Messages.SelectMany(m => m.Recipients).Where(r => r.EndsWith($"@{Busy}", StringComparison.Ordinal)).ToArray();

        Assert.Equal(recipients.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
        Assert.InRange(Cluster.Sink.MaxActiveConnections, 1, 3);
    }

    [Fact]
    public async Task A_slot_records_its_outcome_while_another_slot_is_still_in_its_session()
    {
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Pair);
        await queue.PauseAsync(); // both due together, so each slot takes one
        var held = await TestMessages.AcceptAsync(Cluster, "held", TestMessages.Remote($"hold@{Pair}"));
        var quick = await TestMessages.AcceptAsync(Cluster, "quick", TestMessages.Remote($"quick@{Pair}"));
        await queue.ResumeAsync();

        // The held session is still open: a barrier over all slots would keep the quick outcome back until it ends.
        await TestMessages.WaitForRecipientsAsync(Cluster, quick.MessageId, s => s[$"quick@{Pair}"].State == RecipientState.Delivered, "the quick message to be recorded as delivered");
        var entries = await Eventually.WaitAsync(() => queue.ListAsync(10), e => e.Length == 1, "the quick entry to leave the queue");
        Assert.Equal(held.MessageId, entries[0].MessageId);
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains($"hold@{Pair}"));

        _release.TrySetResult();
        await TestMessages.WaitForRecipientsAsync(Cluster, held.MessageId, s => s[$"hold@{Pair}"].State == RecipientState.Delivered, "the held message to be delivered once released");
        await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(15), "the pair queue to drain");
    }

    [Fact]
    public async Task Each_outcome_of_a_batch_is_recorded_when_its_reply_arrives_not_when_the_batch_ends()
    {
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Serial);
        await queue.PauseAsync();
        var first = await TestMessages.AcceptAsync(Cluster, "first", TestMessages.Remote($"first@{Serial}"));
        var second = await TestMessages.AcceptAsync(Cluster, "second", TestMessages.Remote($"second@{Serial}"));
        var held = await TestMessages.AcceptAsync(Cluster, "held", TestMessages.Remote($"hold@{Serial}"));
        var last = await TestMessages.AcceptAsync(Cluster, "last", TestMessages.Remote($"last@{Serial}"));

        // One slot takes all four as one batch, in this order (due times a second apart; the store orders by them).
        var order = new[] { first, second, held, last };
        var start = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        foreach (var entry in await queue.ListAsync(10))
        {
            var position = Array.FindIndex(order, e => e.MessageId == entry.MessageId);
            await Cluster.QueueStore.UpsertAsync(Serial, entry with { DueAt = start + TimeSpan.FromSeconds(position) }, CancellationToken.None);
        }

        await queue.ResumeAsync();

        // The batch is stuck at its third message: the first two are in their records and out of the queue already.
        foreach (var done in new[] { first, second })
        {
            var address = done.Recipients[0].Address;
            await TestMessages.WaitForRecipientsAsync(Cluster, done.MessageId, s => s[address].State == RecipientState.Delivered, $"{address} to be recorded while its batch is still in its session");
        }

        var entries = await Eventually.WaitAsync(() => queue.ListAsync(10), e => e.Length == 2, "the two delivered entries to leave the queue while the batch goes on");
        Assert.Equal(new[] { held.MessageId, last.MessageId }.Order(StringComparer.Ordinal), entries.Select(e => e.MessageId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Cluster.Sink.Messages, m => m.Recipients.Contains($"hold@{Serial}") || m.Recipients.Contains($"last@{Serial}"));

        _release.TrySetResult();
        await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(30), "the serial queue to drain");
        var received = Cluster.Sink.Messages.SelectMany(m => m.Recipients).Where(r => r.EndsWith($"@{Serial}", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { $"first@{Serial}", $"hold@{Serial}", $"last@{Serial}", $"second@{Serial}" }, received);
    }

    [Fact]
    public async Task The_queue_entry_carries_the_dsn_parameters_the_next_hop_gets()
    {
        Cluster.Sink.AdvertiseDsn = true;
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Dsn);
        await queue.PauseAsync();
        var envelope = await TestMessages.StoreAsync(Cluster, "dsn", [
            TestMessages.Remote($"notify@{Dsn}") with { DsnNotify = "SUCCESS,FAILURE", DsnOriginalRecipient = $"rfc822;notify@{Dsn}" },
            TestMessages.Remote($"plain@{Dsn}"),
        ]);
        await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).AcceptAsync(envelope with { DsnReturn = "HDRS", DsnEnvelopeId = "env-1" });

        var entry = Assert.Single(await queue.ListAsync(10));
        Assert.Equal(("HDRS", "env-1"), (entry.DsnReturn, entry.DsnEnvelopeId));
        Assert.Equal([$"notify@{Dsn}"], entry.DsnRecipients!.Select(r => r.Address));

        await queue.ResumeAsync();
        var received = Assert.Single(await Cluster.Sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Contains("RET=HDRS", received.MailParameters, StringComparison.Ordinal);
        Assert.Contains("ENVID=env-1", received.MailParameters, StringComparison.Ordinal);
        Assert.Contains("NOTIFY=SUCCESS,FAILURE", received.RecipientParameters[0], StringComparison.Ordinal);
        Assert.DoesNotContain("NOTIFY", received.RecipientParameters[1], StringComparison.Ordinal);
    }
}
