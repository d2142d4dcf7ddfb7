using MailGrid.Mailboxes;
using MailGrid.Storage.Serialization;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Contracts;

/// <summary>What every <see cref="IMailboxStore"/> must do; run against SQLite and Redis.</summary>
public abstract class MailboxStoreContract
{
    protected abstract IMailboxStore Store { get; }

    [Fact]
    public async Task Appends_get_increasing_uids_from_one()
    {
        var first = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        var second = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("b"), default);

        Assert.Equal(1, first.Uid);
        Assert.Equal(2, second.Uid);
        Assert.Equal("b", second.MessageId);
    }

    [Fact]
    public async Task Mailboxes_number_independently()
    {
        await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        var bob = await Store.AppendAsync("bob@local.test", Samples.MailboxEntry("b"), default);

        Assert.Equal(1, bob.Uid);
        Assert.Equal(1, await Store.CountAsync("bob@local.test", default));
    }

    [Fact]
    public async Task Get_returns_the_entry_with_every_field()
    {
        var appended = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);

        var read = await Store.GetAsync("alice@local.test", appended.Uid, default);

        Assert.NotNull(read);
        Assert.Equal(StorageJson.Serialize(appended), StorageJson.Serialize(read));
        Assert.Null(await Store.GetAsync("alice@local.test", appended.Uid + 1, default));
    }

    [Fact]
    public async Task List_pages_by_uid_in_ascending_order()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.AppendAsync("alice@local.test", Samples.MailboxEntry($"m{i}"), default);
        }

        var firstPage = await Store.ListAsync("alice@local.test", 0, 2, default);
        var nextPage = await Store.ListAsync("alice@local.test", firstPage[^1].Uid, 10, default);

        Assert.Equal([1L, 2L], firstPage.Select(e => e.Uid));
        Assert.Equal([3L, 4L, 5L], nextPage.Select(e => e.Uid));
        Assert.Equal(["m2", "m3", "m4"], nextPage.Select(e => e.MessageId));
        Assert.Empty(await Store.ListAsync("nobody@local.test", 0, 10, default));
    }

    [Fact]
    public async Task Delete_removes_the_entry_and_its_uid_is_never_reused()
    {
        await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        var second = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("b"), default);

        Assert.True(await Store.DeleteAsync("alice@local.test", second.Uid, default));
        Assert.False(await Store.DeleteAsync("alice@local.test", second.Uid, default));
        var third = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("c"), default);

        Assert.Equal(3, third.Uid);
        Assert.Equal(2, await Store.CountAsync("alice@local.test", default));
        Assert.Equal([1L, 3L], (await Store.ListAsync("alice@local.test", 0, 10, default)).Select(e => e.Uid));
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_uids_without_gaps()
    {
        var appended = await Task.WhenAll(Enumerable.Range(0, 300)
            .Select(i => Store.AppendAsync("busy@local.test", Samples.MailboxEntry($"m{i}"), default)));

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), appended.Select(e => e.Uid).Order());
        Assert.Equal(300, await Store.CountAsync("busy@local.test", default));
    }

    [Fact]
    public async Task Twenty_thousand_appends_to_one_mailbox_all_land()
    {
        const int total = 20_000;
        for (var start = 0; start < total; start += 2_000)
        {
            await Task.WhenAll(Enumerable.Range(start, 2_000)
                .Select(i => Store.AppendAsync("big@local.test", Samples.MailboxEntry($"m{i}"), default)));
        }

        Assert.Equal(total, await Store.CountAsync("big@local.test", default));
        var tail = await Store.ListAsync("big@local.test", total - 3, 10, default);
        Assert.Equal([total - 2L, total - 1L, total], tail.Select(e => e.Uid));
    }

    [Fact]
    public async Task A_message_is_contained_while_any_mailbox_holds_an_entry_of_it()
    {
        var alice = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("shared"), default);
        var bob = await Store.AppendAsync("bob@local.test", Samples.MailboxEntry("shared"), default);
        await Store.AppendAsync("bob@local.test", Samples.MailboxEntry("other"), default);
        Assert.False(await Store.ContainsMessageAsync("never-appended", default));

        Assert.True(await Store.DeleteAsync("alice@local.test", alice.Uid, default));
        Assert.False(await Store.DeleteAsync("alice@local.test", alice.Uid, default));
        Assert.True(await Store.ContainsMessageAsync("shared", default));

        Assert.True(await Store.DeleteAsync("bob@local.test", bob.Uid, default));
        Assert.False(await Store.ContainsMessageAsync("shared", default));
        Assert.True(await Store.ContainsMessageAsync("other", default));
    }

    [Fact]
    public async Task Appending_a_message_the_mailbox_holds_already_is_a_no_op()
    {
        var first = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("b"), default);

        // The same handoff again (a repeated append of message "a"): same UID, no second entry, no UID used up.
        var again = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        var next = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("c"), default);

        Assert.Equal(first.Uid, again.Uid);
        Assert.Equal("a", again.MessageId);
        Assert.Equal(3, next.Uid);
        Assert.Equal(3, await Store.CountAsync("alice@local.test", default));
        Assert.Equal(["a", "b", "c"], (await Store.ListAsync("alice@local.test", 0, 10, default)).Select(e => e.MessageId));

        // Another mailbox is another copy.
        Assert.Equal(1, (await Store.AppendAsync("bob@local.test", Samples.MailboxEntry("a"), default)).Uid);
    }

    [Fact]
    public async Task Concurrent_appends_of_one_message_leave_one_entry()
    {
        var appended = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.AppendAsync("race@local.test", Samples.MailboxEntry("a"), default)));

        Assert.Single(appended.Select(e => e.Uid).Distinct());
        Assert.Equal(1, await Store.CountAsync("race@local.test", default));
    }

    [Fact]
    public async Task A_deleted_message_can_be_appended_again_under_a_new_uid()
    {
        var first = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
        Assert.True(await Store.DeleteAsync("alice@local.test", first.Uid, default));

        var again = await Store.AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);

        Assert.True(again.Uid > first.Uid, $"a new UID after the delete, got {again.Uid}");
        Assert.Equal(1, await Store.CountAsync("alice@local.test", default));
        Assert.NotNull(await Store.GetAsync("alice@local.test", again.Uid, default));
    }
}
