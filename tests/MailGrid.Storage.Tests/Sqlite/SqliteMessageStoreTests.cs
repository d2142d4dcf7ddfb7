using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Sqlite;

public sealed class SqliteMessageStoreTests : MessageStoreContract, IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly SqliteDatabase database;

    public SqliteMessageStoreTests()
    {
        database = Stores.OpenSqlite(folder.Path);
        Store = new SqliteMessageStore(database);
    }

    protected override IMessageStore Store { get; }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }
}
