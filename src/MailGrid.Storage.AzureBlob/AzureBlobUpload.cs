using Azure.Storage.Blobs.Models;

namespace MailGrid.Storage.AzureBlob;

/// <summary>One upload of <see cref="AzureBlobStore"/>: staged blocks until commit; abandoning it is simply not committing.</summary>
internal sealed class AzureBlobUpload(string key, BlockStagingStream stream) : BlobUpload(key)
{
    // Bodies are RFC 5322 messages; the content type lets tools (Storage Explorer, portal) show them sensibly.
    private static readonly BlobHttpHeaders Headers = new() { ContentType = "message/rfc822" };

    public override Stream Content => stream;

    protected override async ValueTask CommitCoreAsync(CancellationToken cancellationToken) => await stream.CommitAsync(Headers, cancellationToken);

    // Uncommitted blocks are simply never committed: the service discards them.
    protected override ValueTask DisposeCoreAsync(bool committed) => stream.DisposeAsync();
}
