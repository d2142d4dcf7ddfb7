using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>A write waiting for the group-commit loop; its caller learns the outcome only after the commit.</summary>
internal abstract class SqliteWriteOperation
{
    protected SqliteWriteOperation(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    public CancellationToken CancellationToken { get; }

    /// <summary>Set when the operation itself refused (e.g. an ETag mismatch); its changes were rolled back.</summary>
    public Exception? OwnFailure { get; set; }

    /// <summary>Runs the operation inside the batch transaction; the result is held until commit.</summary>
    public abstract void Execute(SqliteTransaction transaction);

    /// <summary>Completes the caller after the batch committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}
