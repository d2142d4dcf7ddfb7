using System.Buffers;
using System.Globalization;
using MailGrid.Storage.Files;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// The embedded node's body store. Bodies up to <see cref="LocalStorageOptions.InlineBodyMaxBytes"/> are rows of
/// <c>blobs</c> in the node's SQLite database, committed through its group-commit writer: many concurrent messages
/// share one transaction and one fsync, and no file is created, renamed, fsync'd or unlinked per message (a file per
/// message cost ~3.7 fsyncs and most of the CPU in ext4's inode allocator under load). Larger bodies spill to
/// <see cref="FileSystemBlobStore"/>, where one fsync per message is small next to the bytes written.
/// </summary>
public sealed class SqliteBlobStore : IBlobStore
{
    private readonly SqliteDatabase database;
    private readonly FileSystemBlobStore files;
    private readonly int inlineMaxBytes;

    public SqliteBlobStore(SqliteDatabase database, FileSystemBlobStore files, IOptions<LocalStorageOptions> options)
    {
        this.database = database;
        this.files = files;
        inlineMaxBytes = options.Value.InlineBodyMaxBytes;
    }

    public ValueTask<IBlobUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IBlobUpload>(new SqliteBlobUpload(key, this, inlineMaxBytes));
    }

    public async ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        var inline = database.Read(
            connection =>
            {
                using var command = connection.Command("SELECT body FROM blobs WHERE key = $key").With("$key", key);
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }

                // Into a pooled buffer: a 100 KB body as a fresh array per delivery would churn the large object heap.
                var length = checked((int)reader.GetBytes(0, 0, null, 0, 0));
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                reader.GetBytes(0, 0, buffer, 0, length);
                return new PooledReadStream(buffer, length);
            },
            cancellationToken);
        return inline ?? await files.OpenReadAsync(key, cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        var deleted = await database.WriteAsync(
            tx =>
            {
                using var command = tx.Command("DELETE FROM blobs WHERE key = $key").With("$key", key);
                return command.ExecuteNonQuery() > 0;
            },
            cancellationToken);
        return await files.DeleteAsync(key, cancellationToken) || deleted;
    }

    /// <summary>
    /// Rows and spilled files merged in key order; the cursor is the last key of the page, so it resumes both. Rows
    /// carry no write time (<see cref="StoredBlob.LastModified"/> is null): a row is written whole at commit.
    /// </summary>
    public async ValueTask<BlobPage> ListAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var take = Math.Max(0, limit) + 1;
        var inline = database.Read(
            connection =>
            {
                // Two statements rather than "$after IS NULL OR key > $after", which would keep SQLite from seeking the key index.
                using var command = (cursor is null
                        ? connection.Command("SELECT key FROM blobs ORDER BY key LIMIT $limit")
                        : connection.Command("SELECT key FROM blobs WHERE key > $after ORDER BY key LIMIT $limit").With("$after", cursor))
                    .With("$limit", take);
                using var reader = command.ExecuteReader();
                var keys = new List<StoredBlob>();
                while (reader.Read())
                {
                    keys.Add(new StoredBlob(reader.GetString(0), null));
                }

                return keys;
            },
            cancellationToken);
        var spilled = await files.ListAsync(cursor, take, cancellationToken);

        // A key both a row and a file (a body re-uploaded over the limit) is one blob: the row is what a read returns.
        var merged = inline.Concat(spilled.Blobs)
            .DistinctBy(blob => blob.Key, StringComparer.Ordinal)
            .Order(Comparer<StoredBlob>.Create((x, y) => string.CompareOrdinal(x.Key, y.Key)))
            .Take(take)
            .ToList();
        return BlobPage.Of(merged, limit);
    }

    /// <summary>
    /// Inline uploads write nothing before their commit (the body waits in the upload's buffer), so only spilled
    /// uploads can leave anything: temp files of the file store.
    /// </summary>
    public ValueTask<int> RemoveAbandonedUploadsAsync(DateTimeOffset lastWrittenBefore, int limit, CancellationToken cancellationToken) =>
        files.RemoveAbandonedUploadsAsync(lastWrittenBefore, limit, cancellationToken);

    /// <summary>Begins the file upload a body spills into when it outgrows the inline limit.</summary>
    internal ValueTask<IBlobUpload> BeginFileUploadAsync(string key, CancellationToken cancellationToken) => files.BeginUploadAsync(key, cancellationToken);

    /// <summary>Stores an inline body; durable when the task completes (its group commit has fsync'd).</summary>
    internal Task CommitInlineAsync(string key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        database.WriteAsync(
            tx =>
            {
                // A zeroblob row filled in place: the body goes from the upload's pooled buffer into SQLite's page
                // cache without an intermediate array of its exact length.
                using var insert = tx.Command("INSERT OR REPLACE INTO blobs (key, body) VALUES ($key, zeroblob($length)) RETURNING rowid")
                    .With("$key", key).With("$length", body.Length);
                var rowid = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (!body.IsEmpty)
                {
                    using var blob = new SqliteBlob(tx.Connection!, "blobs", "body", rowid);
                    blob.Write(body.Span);
                }

                return rowid;
            },
            cancellationToken);
}
