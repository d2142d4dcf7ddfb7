using MailGrid.Storage.Local.Grains;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace MailGrid.Storage.Tests.Grains;

/// <summary>ETag rules of <see cref="SqliteGrainStorage"/>, exercised on the provider directly.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("counter", "g-1");
    private readonly TempDirectory folder = new();
    private readonly SqliteDatabase database;
    private readonly SqliteGrainStorage storage;

    public SqliteGrainStorageTests()
    {
        database = Stores.OpenSqlite(folder.Path);
        var serializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
        storage = new SqliteGrainStorage("test", new LocalGrainStorageOptions { GrainStorageSerializer = serializer }, database);
    }

    [Fact]
    public async Task Write_then_read_round_trips_state_and_etag()
    {
        var written = new GrainState<CounterState>(new CounterState { Value = 7 });
        await storage.WriteStateAsync("counter", Grain, written);

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", Grain, read);

        Assert.Equal(7, read.State!.Value);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Stale_etag_is_refused_and_changes_nothing()
    {
        var first = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync("counter", Grain, first);
        var stale = new GrainState<CounterState>(new CounterState { Value = 99 }) { ETag = null };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", Grain, stale));

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", Grain, read);
        Assert.Equal(1, read.State!.Value);
    }

    [Fact]
    public async Task Clear_removes_the_record()
    {
        var state = new GrainState<CounterState>(new CounterState { Value = 5 });
        await storage.WriteStateAsync("counter", Grain, state);

        await storage.ClearStateAsync("counter", Grain, state);

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Value);
    }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }
}
