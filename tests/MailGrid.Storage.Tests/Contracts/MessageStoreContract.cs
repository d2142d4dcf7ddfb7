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
}
