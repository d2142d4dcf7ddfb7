using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Sqlite;

public sealed class SqliteQueueStoreTests : QueueStoreContract, IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly SqliteDatabase database;

    public SqliteQueueStoreTests()
    {
        database = Stores.OpenSqlite(folder.Path);
        Store = new SqliteQueueStore(database);
    }

    protected override IQueueStore Store { get; }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }
}
