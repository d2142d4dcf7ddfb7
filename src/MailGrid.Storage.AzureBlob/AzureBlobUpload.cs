using Azure.Storage.Blobs.Models;

namespace MailGrid.Storage.AzureBlob;

/// <summary>One upload of <see cref="AzureBlobStore"/>: staged blocks until commit; abandoning it is simply not committing.</summary>
internal sealed class AzureBlobUpload : IBlobUpload
{
    // Bodies are RFC 5322 messages; the content type lets tools (Storage Explorer, portal) show them sensibly.
    private static readonly BlobHttpHeaders Headers = new() { ContentType = "message/rfc822" };

    private readonly BlockStagingStream stream;
    private bool committed;
    private bool disposed;

    public AzureBlobUpload(string key, BlockStagingStream stream)
    {
        Key = key;
        this.stream = stream;
    }

    public string Key { get; }

    public Stream Content => stream;

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
        {
            throw new InvalidOperationException($"Blob '{Key}' is already committed.");
        }

        await stream.CommitAsync(Headers, cancellationToken);
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stream.DisposeAsync();
    }
}
