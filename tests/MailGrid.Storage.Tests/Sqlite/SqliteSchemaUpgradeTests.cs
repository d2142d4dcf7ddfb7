using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Serialization;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Tests.Sqlite;

/// <summary>A database made before the sweep's columns existed opens, keeps its rows and gains the columns.</summary>
public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public async Task A_database_from_before_the_final_and_message_columns_is_upgraded_in_place()
    {
        var path = Path.Combine(folder.Path, "mailgrid.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE message_records (message_id TEXT NOT NULL PRIMARY KEY, record BLOB NOT NULL);
                CREATE TABLE mailbox_entries (mailbox TEXT NOT NULL, uid INTEGER NOT NULL, entry BLOB NOT NULL, PRIMARY KEY (mailbox, uid));
                INSERT INTO message_records VALUES ('before', $record);
                INSERT INTO mailbox_entries VALUES ('alice@local.test', 1, $entry);
                """;
            create.Parameters.AddWithValue("$record", StorageJson.Serialize(Samples.FinalMessage("before", Samples.Epoch)));
            create.Parameters.AddWithValue("$entry", StorageJson.Serialize(Samples.MailboxEntry("held-before") with { Uid = 1 }));
            create.ExecuteNonQuery();
        }

        await using var database = Stores.OpenSqlite(folder.Path);
        var messages = new SqliteMessageStore(database);
        var mailboxes = new SqliteMailboxStore(database);

        Assert.NotNull(await messages.GetAsync("before", default));
        // An entry from before still protects its body: its message id was filled in from the entry.
        Assert.True(await mailboxes.ContainsMessageAsync("held-before", default));
        Assert.Equal("held-before", (await mailboxes.GetAsync("alice@local.test", 1, default))!.MessageId);
        // A row from before has no final time until it is written again.
        Assert.Empty(await messages.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default));
        await messages.SaveAsync(Samples.FinalMessage("after", Samples.Epoch), default);
        await mailboxes.AppendAsync("bob@local.test", Samples.MailboxEntry("after"), default);
        Assert.Equal(["after"], (await messages.ListFinalAsync(Samples.Epoch.AddDays(1), 10, default)).Select(f => f.MessageId));
        Assert.True(await mailboxes.ContainsMessageAsync("after", default));
    }

    public void Dispose() => folder.Dispose();
}
