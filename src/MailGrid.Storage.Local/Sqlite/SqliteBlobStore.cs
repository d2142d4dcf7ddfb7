using MailGrid.Storage.Local.Blobs;
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
                return command.ReadBlob(static body => body);
            },
            cancellationToken);
        return inline is not null
            ? new MemoryStream(inline, writable: false)
            : await files.OpenReadAsync(key, cancellationToken);
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

    /// <summary>Begins the file upload a body spills into when it outgrows the inline limit.</summary>
    internal ValueTask<IBlobUpload> BeginFileUploadAsync(string key, CancellationToken cancellationToken) => files.BeginUploadAsync(key, cancellationToken);

    /// <summary>Stores an inline body; durable when the task completes (its group commit has fsync'd).</summary>
    internal Task CommitInlineAsync(string key, byte[] body, CancellationToken cancellationToken) =>
        database.WriteAsync(
            tx =>
            {
                using var command = tx.Command("INSERT OR REPLACE INTO blobs (key, body) VALUES ($key, $body)")
                    .With("$key", key).With("$body", body);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
}
