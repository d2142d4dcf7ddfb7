using MailGrid.Storage.Serialization;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Contracts;

/// <summary>What every <see cref="IMessageStore"/> must do; run against SQLite and Redis.</summary>
public abstract class MessageStoreContract
{
    protected abstract IMessageStore Store { get; }

    [Fact]
    public async Task Saved_record_reads_back_with_every_field()
    {
        var record = Samples.Message("m-1");
        await Store.SaveAsync(record, default);

        var read = await Store.GetAsync("m-1", default);

        Assert.NotNull(read);
        Assert.Equal(StorageJson.Serialize(record), StorageJson.Serialize(read));
    }

    [Fact]
    public async Task Save_replaces_the_previous_record()
    {
        var record = Samples.Message("m-2");
        await Store.SaveAsync(record, default);
        var updated = record with { Recipients = [record.Recipients[0] with { Attempts = 9 }] };

        await Store.SaveAsync(updated, default);

        var read = await Store.GetAsync("m-2", default);
        Assert.Equal(9, Assert.Single(read!.Recipients).Attempts);
    }

    [Fact]
    public async Task Unknown_id_reads_null()
    {
        Assert.Null(await Store.GetAsync("nope", default));
    }

    [Fact]
    public async Task Delete_removes_once()
    {
        await Store.SaveAsync(Samples.Message("m-3"), default);

        Assert.True(await Store.DeleteAsync("m-3", default));
        Assert.False(await Store.DeleteAsync("m-3", default));
        Assert.Null(await Store.GetAsync("m-3", default));
    }

    [Fact]
    public async Task Final_records_are_listed_oldest_first_by_when_their_last_recipient_became_final()
    {
        await Store.SaveAsync(Samples.FinalMessage("f-late", Samples.Epoch.AddHours(3)), default);
        await Store.SaveAsync(Samples.FinalMessage("f-early", Samples.Epoch.AddHours(1)), default);
        await Store.SaveAsync(Samples.FinalMessage("f-middle", Samples.Epoch.AddHours(2)), default);
        await Store.SaveAsync(Samples.Message("open"), default);

        var all = await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default);
        var beforeTheLast = await Store.ListFinalAsync(Samples.Epoch.AddHours(3), 10, default);
        var firstTwo = await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 2, default);

        Assert.Equal(
            [new FinalMessage("f-early", Samples.Epoch.AddHours(1)), new FinalMessage("f-middle", Samples.Epoch.AddHours(2)), new FinalMessage("f-late", Samples.Epoch.AddHours(3))],
            all);
        Assert.Equal(["f-early", "f-middle"], beforeTheLast.Select(f => f.MessageId));
        Assert.Equal(["f-early", "f-middle"], firstTwo.Select(f => f.MessageId));
    }

    [Fact]
    public async Task A_record_joins_the_final_listing_when_its_last_recipient_becomes_final()
    {
        var open = Samples.Message("becomes-final");
        await Store.SaveAsync(open, default);
        Assert.Empty(await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default));

        await Store.SaveAsync(Samples.FinalMessage("becomes-final", Samples.Epoch.AddHours(1)), default);
        await Store.SaveAsync(Samples.FinalMessage("becomes-final", Samples.Epoch.AddHours(1)) with { MailboxCopies = 0, BodyDeleted = true }, default);

        Assert.Equal([new FinalMessage("becomes-final", Samples.Epoch.AddHours(1))], await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default));
    }

    [Fact]
    public async Task A_deleted_record_leaves_the_final_listing()
    {
        await Store.SaveAsync(Samples.FinalMessage("f-gone", Samples.Epoch), default);
        await Store.SaveAsync(Samples.FinalMessage("f-kept", Samples.Epoch.AddMinutes(1)), default);

        Assert.True(await Store.DeleteAsync("f-gone", default));

        Assert.Equal(["f-kept"], (await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default)).Select(f => f.MessageId));
    }

    [Fact]
    public async Task A_record_saved_again_with_an_open_recipient_leaves_the_final_listing()
    {
        await Store.SaveAsync(Samples.FinalMessage("reopened", Samples.Epoch), default);

        await Store.SaveAsync(Samples.Message("reopened"), default);

        Assert.Empty(await Store.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default));
    }
}
