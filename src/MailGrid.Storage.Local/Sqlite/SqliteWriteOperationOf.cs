using Microsoft.Data.Sqlite;

namespace MailGrid.Storage.Local.Sqlite;

internal sealed class SqliteWriteOperation<T> : SqliteWriteOperation
{
    private readonly Func<SqliteTransaction, T> work;
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? result;

    public SqliteWriteOperation(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
        : base(cancellationToken) => this.work = work;

    public Task<T> Task => completion.Task;

    public override void Execute(SqliteTransaction transaction) => result = work(transaction);

    public override void Complete()
    {
        if (OwnFailure is not null)
        {
            completion.TrySetException(OwnFailure);
        }
        else
        {
            completion.TrySetResult(result!);
        }
    }

    public override void Fail(Exception exception) => completion.TrySetException(exception);

    public override void Cancel() => completion.TrySetCanceled(CancellationToken);
}
