using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;

namespace MailGrid.Storage.Tests.Sqlite;

public sealed class SqliteMailboxStoreTests : MailboxStoreContract, IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly SqliteDatabase database;

    public SqliteMailboxStoreTests()
    {
        database = Stores.OpenSqlite(folder.Path);
        Store = new SqliteMailboxStore(database);
    }

    protected override IMailboxStore Store { get; }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }
}
