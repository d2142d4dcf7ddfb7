using MailGrid.Storage.Serialization;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Contracts;

/// <summary>What every <see cref="IQueueStore"/> must do; run against SQLite and Redis.</summary>
public abstract class QueueStoreContract
{
    private static readonly DateTimeOffset T0 = Samples.Epoch;

    protected abstract IQueueStore Store { get; }

    [Fact]
    public async Task Entries_list_in_due_time_order_with_every_field()
    {
        var late = Samples.QueueEntry("late", T0.AddMinutes(10));
        var early = Samples.QueueEntry("early", T0.AddMinutes(1));
        var middle = Samples.QueueEntry("middle", T0.AddMinutes(5));
        foreach (var entry in new[] { late, early, middle })
        {
            await Store.UpsertAsync("remote.test", entry, default);
        }

        var listed = await Store.ListAsync("remote.test", 10, default);

        Assert.Equal(["early", "middle", "late"], listed.Select(e => e.MessageId));
        Assert.Equal(StorageJson.Serialize(early), StorageJson.Serialize(listed[0]));
        Assert.Equal(["early", "middle"], (await Store.ListAsync("remote.test", 2, default)).Select(e => e.MessageId));
    }

    [Fact]
    public async Task Get_due_returns_only_entries_due_by_now_up_to_the_limit()
    {
        await Store.UpsertAsync("remote.test", Samples.QueueEntry("a", T0.AddMinutes(1)), default);
        await Store.UpsertAsync("remote.test", Samples.QueueEntry("b", T0.AddMinutes(2)), default);
        await Store.UpsertAsync("remote.test", Samples.QueueEntry("c", T0.AddMinutes(3)), default);

        Assert.Empty(await Store.GetDueAsync("remote.test", T0, 10, default));
        Assert.Equal(["a", "b"], (await Store.GetDueAsync("remote.test", T0.AddMinutes(2), 10, default)).Select(e => e.MessageId));
        Assert.Equal(["a"], (await Store.GetDueAsync("remote.test", T0.AddHours(1), 1, default)).Select(e => e.MessageId));
    }

    [Fact]
    public async Task Upsert_replaces_the_entry_and_moves_it_in_due_order()
    {
        await Store.UpsertAsync("remote.test", Samples.QueueEntry("a", T0.AddMinutes(1)), default);
        await Store.UpsertAsync("remote.test", Samples.QueueEntry("b", T0.AddMinutes(2)), default);

        await Store.UpsertAsync("remote.test", Samples.QueueEntry("a", T0.AddMinutes(9)) with { Attempts = 4 }, default);

        var listed = await Store.ListAsync("remote.test", 10, default);
        Assert.Equal(["b", "a"], listed.Select(e => e.MessageId));
        Assert.Equal(4, listed[1].Attempts);
        Assert.Equal(2, await Store.CountAsync("remote.test", default));
        Assert.Equal(T0.AddMinutes(2), await Store.GetNextDueAsync("remote.test", default));
    }

    [Fact]
    public async Task Empty_queue_has_no_next_due_and_zero_count()
    {
        Assert.Null(await Store.GetNextDueAsync("empty.test", default));
        Assert.Equal(0, await Store.CountAsync("empty.test", default));
        Assert.False(await Store.RemoveAsync("empty.test", "x", default));
    }

    [Fact]
    public async Task Registry_holds_a_domain_from_its_first_entry_until_its_last_is_removed()
    {
        Assert.Empty(await Store.GetActiveDomainsAsync(default));
        await Store.UpsertAsync("one.test", Samples.QueueEntry("a", T0), default);
        await Store.UpsertAsync("one.test", Samples.QueueEntry("b", T0), default);
        await Store.UpsertAsync("two.test", Samples.QueueEntry("c", T0), default);

        Assert.Equal(["one.test", "two.test"], await Store.GetActiveDomainsAsync(default));

        Assert.True(await Store.RemoveAsync("one.test", "a", default));
        Assert.Equal(["one.test", "two.test"], await Store.GetActiveDomainsAsync(default));

        Assert.True(await Store.RemoveAsync("one.test", "b", default));
        Assert.Equal(["two.test"], await Store.GetActiveDomainsAsync(default));
        Assert.Equal(0, await Store.CountAsync("one.test", default));
    }

    [Fact]
    public async Task Twenty_thousand_entries_in_one_queue_all_land_in_order()
    {
        const int total = 20_000;
        for (var start = 0; start < total; start += 2_000)
        {
            // Due times run backwards so ordering is really by due time, not by insertion.
            await Task.WhenAll(Enumerable.Range(start, 2_000)
                .Select(i => Store.UpsertAsync("big.test", Samples.QueueEntry($"m{i:D5}", T0.AddSeconds(total - i)), default)));
        }

        Assert.Equal(total, await Store.CountAsync("big.test", default));
        Assert.Equal(["m19999", "m19998"], (await Store.ListAsync("big.test", 2, default)).Select(e => e.MessageId));
        Assert.Equal(T0.AddSeconds(1), await Store.GetNextDueAsync("big.test", default));
        Assert.Equal(10, (await Store.GetDueAsync("big.test", T0.AddSeconds(10), 100, default)).Count);
    }
}
