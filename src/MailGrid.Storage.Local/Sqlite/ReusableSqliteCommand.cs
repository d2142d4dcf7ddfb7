using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// A command kept prepared on the writer connection. The stores dispose commands as usual; for this one that only
/// drops the parameter values, so the next write with the same SQL skips SQLite's parse and code generation.
/// </summary>
internal sealed class ReusableSqliteCommand : SqliteCommand
{
    private bool released;

    public ReusableSqliteCommand(string sql, SqliteConnection connection)
        : base(sql, connection)
    {
    }

    /// <summary>Disposes the command for real (when its connection closes).</summary>
    public void Release()
    {
        released = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (released)
        {
            base.Dispose(disposing);
            return;
        }

        Parameters.Clear();
        Transaction = null;
    }
}
