namespace MailGrid.Storage.Local.Sqlite;

/// <summary>One upload of <see cref="SqliteBlobStore"/>: inline (one row, group-committed) or spilled to a file.</summary>
internal sealed class SqliteBlobUpload : BlobUpload
{
    private readonly SqliteBlobStore store;
    private readonly InlineBodyStream content;

    public SqliteBlobUpload(string key, SqliteBlobStore store, int inlineMaxBytes)
        : base(key)
    {
        this.store = store;
        content = new InlineBodyStream(key, store, inlineMaxBytes);
    }

    public override Stream Content => content;

    protected override async ValueTask CommitCoreAsync(CancellationToken cancellationToken)
    {
        if (content.Spilled is { } file)
        {
            await file.CommitAsync(cancellationToken);
        }
        else
        {
            await store.CommitInlineAsync(Key, content.InlineContent, cancellationToken);
        }
    }

    protected override async ValueTask DisposeCoreAsync(bool committed)
    {
        if (content.Spilled is { } file)
        {
            // Uncommitted, this deletes the temp file; committed, it only closes.
            await file.DisposeAsync();
        }

        await content.DisposeAsync();
    }
}
