using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Tests.Sqlite;

/// <summary>The SQLite writer: batching, failure reporting and durability across reopen.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public async Task Concurrent_appends_share_commits_and_get_distinct_increasing_uids()
    {
        await using var database = Stores.OpenSqlite(folder.Path);
        var store = new SqliteMailboxStore(database);
        const int appends = 1_000;

        var tasks = Enumerable.Range(0, appends).Select(i => store.AppendAsync("alice@local.test", Samples.MailboxEntry($"m{i}"), default)).ToList();
        var entries = await Task.WhenAll(tasks);

        // Tasks were queued in order, and the single writer applies them in order: UIDs follow submission order.
        Assert.Equal(Enumerable.Range(1, appends).Select(i => (long)i), entries.Select(e => e.Uid));
        Assert.Equal(appends, database.OperationsCommitted);
        Assert.InRange(database.BatchesCommitted, 1, appends / 2);
    }

    [Fact]
    public async Task Batch_size_is_capped_by_the_option()
    {
        await using var database = Stores.OpenSqlite(folder.Path, maxBatchSize: 10);
        var store = new SqliteMessageStore(database);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => store.SaveAsync(Samples.Message($"m{i}"), default)));

        Assert.Equal(100, database.OperationsCommitted);
        Assert.True(database.BatchesCommitted >= 10, $"expected at least 10 batches, got {database.BatchesCommitted}");
    }

    [Fact]
    public async Task A_failed_commit_faults_every_write_of_the_batch_and_the_writer_recovers()
    {
        await using var database = Stores.OpenSqlite(folder.Path);
        var store = new SqliteMessageStore(database);
        ExecuteOnSide(database, "CREATE TRIGGER refuse BEFORE INSERT ON message_records BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");

        var failed = Enumerable.Range(0, 20).Select(i => store.SaveAsync(Samples.Message($"m{i}"), default)).ToList();
        foreach (var write in failed)
        {
            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => write);
            Assert.Contains("disk on fire", error.Message, StringComparison.Ordinal);
        }

        Assert.Null(await store.GetAsync("m0", default));
        ExecuteOnSide(database, "DROP TRIGGER refuse;");
        await store.SaveAsync(Samples.Message("after"), default);
        Assert.NotNull(await store.GetAsync("after", default));
    }

    [Fact]
    public async Task Committed_writes_survive_closing_and_reopening_the_database()
    {
        await using (var database = Stores.OpenSqlite(folder.Path))
        {
            await new SqliteMailboxStore(database).AppendAsync("alice@local.test", Samples.MailboxEntry("a"), default);
            await new SqliteQueueStore(database).UpsertAsync("remote.test", Samples.QueueEntry("q", Samples.Epoch), default);
            await new SqliteMessageStore(database).SaveAsync(Samples.Message("m"), default);
        }

        await using var reopened = Stores.OpenSqlite(folder.Path);
        var mailbox = new SqliteMailboxStore(reopened);
        Assert.Equal("a", (await mailbox.GetAsync("alice@local.test", 1, default))?.MessageId);
        Assert.Equal(2, (await mailbox.AppendAsync("alice@local.test", Samples.MailboxEntry("b"), default)).Uid);
        Assert.Equal(["remote.test"], await new SqliteQueueStore(reopened).GetActiveDomainsAsync(default));
        Assert.NotNull(await new SqliteMessageStore(reopened).GetAsync("m", default));
    }

    [Fact]
    public async Task Writes_after_dispose_report_storage_unavailable()
    {
        var database = Stores.OpenSqlite(folder.Path);
        var store = new SqliteMessageStore(database);
        await database.DisposeAsync();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.SaveAsync(Samples.Message("late"), default));
    }

    [Fact]
    public void Database_uses_wal_journal()
    {
        using var database = Stores.OpenSqlite(folder.Path);
        using var connection = new SqliteConnection($"Data Source={database.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    public void Dispose() => folder.Dispose();

    /// <summary>Changes the schema through a connection of its own, as an operator (or a failing disk) would.</summary>
    private static void ExecuteOnSide(SqliteDatabase database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
