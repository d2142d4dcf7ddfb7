namespace MailGrid.Storage.Local.Sqlite;

/// <summary>One upload of <see cref="SqliteBlobStore"/>: inline (one row, group-committed) or spilled to a file.</summary>
internal sealed class SqliteBlobUpload : IBlobUpload
{
    private readonly SqliteBlobStore store;
    private readonly InlineBodyStream content;
    private bool committed;
    private bool disposed;

    public SqliteBlobUpload(string key, SqliteBlobStore store, int inlineMaxBytes)
    {
        Key = key;
        this.store = store;
        content = new InlineBodyStream(key, store, inlineMaxBytes);
    }

    public string Key { get; }

    public Stream Content => content;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
        {
            throw new InvalidOperationException($"Blob '{Key}' is already committed.");
        }

        if (content.Spilled is { } file)
        {
            await file.CommitAsync(cancellationToken);
        }
        else
        {
            await store.CommitInlineAsync(Key, content.InlineContent, cancellationToken);
        }

        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (content.Spilled is { } file)
        {
            // Uncommitted, this deletes the temp file; committed, it only closes.
            await file.DisposeAsync();
        }

        await content.DisposeAsync();
    }
}
