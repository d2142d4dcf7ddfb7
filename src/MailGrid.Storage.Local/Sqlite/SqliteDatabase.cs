using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// The embedded node's SQLite database (WAL, synchronous=FULL). Every write goes through one writer
/// thread that practises group commit: it drains whatever writes are pending (up to
/// <see cref="LocalStorageOptions.MaxBatchSize"/>), runs them in one transaction, commits (one fsync) and
/// only then completes their callers. Throughput therefore grows with concurrency while every caller
/// still gets "durable when the task completes". Reads use their own pooled connections and never wait
/// for the writer (WAL readers see the last committed snapshot).
/// </summary>
public sealed partial class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly Channel<SqliteWriteOperation> pending = Channel.CreateUnbounded<SqliteWriteOperation>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly string readConnectionString;
    private readonly SqliteConnection writer;
    private readonly int maxBatchSize;
    private readonly ILogger<SqliteDatabase> logger;
    private readonly Task loop;
    private long batchesCommitted;
    private long operationsCommitted;
    private int disposed;

    public SqliteDatabase(IOptions<LocalStorageOptions> options, ILogger<SqliteDatabase> logger, IMeterFactory? meterFactory = null)
    {
        var settings = options.Value;
        this.logger = logger;
        maxBatchSize = settings.MaxBatchSize;
        if (meterFactory?.Create(MeterName) is { } meter)
        {
            meter.CreateObservableCounter("mailgrid.storage.sqlite.commits", () => BatchesCommitted, "{commit}", "Group commits (transactions, one fsync each) of the SQLite writer.");
            meter.CreateObservableCounter("mailgrid.storage.sqlite.writes", () => OperationsCommitted, "{write}", "Write operations committed by the SQLite writer.");
        }

        DatabasePath = Path.GetFullPath(settings.DatabasePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        };
        builder.Pooling = true;
        readConnectionString = builder.ToString();
        builder.Pooling = false;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            writer = new SqliteConnection(builder.ToString());
            writer.Open();
            Execute(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
            SqliteSchema.Apply(writer);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot open SQLite database '{DatabasePath}'.", ex);
        }

        loop = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Meter of the writer's counters.</summary>
    public const string MeterName = "MailGrid.Storage.Sqlite";

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Transactions committed by the writer (each one fsync).</summary>
    internal long BatchesCommitted => Interlocked.Read(ref batchesCommitted);

    /// <summary>Write operations committed by the writer.</summary>
    internal long OperationsCommitted => Interlocked.Read(ref operationsCommitted);

    /// <summary>Queues a write; the task completes after the transaction holding it has committed.</summary>
    internal Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new SqliteWriteOperation<T>(work, cancellationToken);
        if (!pending.Writer.TryWrite(operation))
        {
            throw new StorageUnavailableException("The SQLite store is closed.");
        }

        return operation.Task;
    }

    /// <summary>Runs a read on a pooled connection of its own.</summary>
    internal T Read<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        try
        {
            using var connection = new SqliteConnection(readConnectionString);
            connection.Open();
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw new StorageUnavailableException($"SQLite read failed: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        pending.Writer.TryComplete();
        await loop.ConfigureAwait(false);
        CloseConnections();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        pending.Writer.TryComplete();
        loop.GetAwaiter().GetResult();
        CloseConnections();
    }

    private void CloseConnections()
    {
        SqliteCommands.ReleasePrepared(writer);
        writer.Dispose();
        using var pooled = new SqliteConnection(readConnectionString);
        SqliteConnection.ClearPool(pooled);
        LogWriterTotals(logger, OperationsCommitted, BatchesCommitted);
    }

    private void RunWriter()
    {
        var reader = pending.Reader;
        var batch = new List<SqliteWriteOperation>(maxBatchSize);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < maxBatchSize && reader.TryRead(out var operation))
            {
                if (operation.CancellationToken.IsCancellationRequested)
                {
                    operation.Cancel();
                }
                else
                {
                    batch.Add(operation);
                }
            }

            if (batch.Count > 0)
            {
                CommitBatch(batch);
            }
        }
    }

    private void CommitBatch(List<SqliteWriteOperation> batch)
    {
        try
        {
            using (var transaction = writer.BeginTransaction())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    RunInSavepoint(transaction, batch[i]);
                }

                transaction.Commit();
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            LogBatchFailed(logger, ex, batch.Count);
            var failure = new StorageUnavailableException($"SQLite commit failed: {ex.Message}", ex);
            foreach (var operation in batch)
            {
                operation.Fail(failure);
            }

            return;
        }

        Interlocked.Increment(ref batchesCommitted);
        Interlocked.Add(ref operationsCommitted, batch.Count);
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    /// <summary>
    /// A savepoint per operation lets one operation refuse (e.g. an ETag mismatch) without undoing its
    /// batch-mates. A SQLite error is not a refusal: it fails the whole batch.
    /// </summary>
    private static void RunInSavepoint(SqliteTransaction transaction, SqliteWriteOperation operation)
    {
        // Prepared once (SqliteTransaction.Save/Rollback/Release would parse their statement for every write).
        Execute(transaction, "SAVEPOINT op");
        try
        {
            operation.Execute(transaction);
        }
        catch (Exception ex) when (ex is not SqliteException)
        {
            Execute(transaction, "ROLLBACK TO op");
            operation.OwnFailure = ex;
        }

        Execute(transaction, "RELEASE op");
    }

    private static void Execute(SqliteTransaction transaction, string sql)
    {
        using var command = transaction.Command(sql);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite writer closed: {Writes} writes in {Commits} group commits")]
    private static partial void LogWriterTotals(ILogger logger, long writes, long commits);

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite group commit of {Count} writes failed; all of them were reported as not durable")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
