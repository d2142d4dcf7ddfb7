using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.AzureBlob;

/// <summary>
/// Message bodies as block blobs in one Azure Blob Storage container. Uploads stream: the content is staged in
/// blocks of <see cref="AzureBlobStoreOptions.BlockSize"/> while it is written and becomes visible atomically when
/// the block list is committed. Reads stream the blob from the service. Every service or network failure surfaces
/// as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient container;
    private readonly int blockSize;
    private readonly AzureBlobFailures failures;
    private readonly ILogger<AzureBlobStore> logger;
    private readonly Lock containerLock = new();
    private Task? containerReady;

    public AzureBlobStore(IOptions<AzureBlobStoreOptions> options, ILogger<AzureBlobStore> logger)
        : this(AzureBlobClients.CreateContainerClient(options.Value), options.Value.BlockSize, logger)
    {
    }

    internal AzureBlobStore(BlobContainerClient container, int blockSize, ILogger<AzureBlobStore> logger)
    {
        this.container = container;
        this.blockSize = blockSize;
        this.logger = logger;
        failures = new AzureBlobFailures(logger, ForgetContainer);
    }

    /// <summary>The container client (for diagnostics and tests).</summary>
    public BlobContainerClient Container => container;

    public async ValueTask<IBlobUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureContainerAsync(key, cancellationToken);
        var blob = container.GetBlockBlobClient(key);
        return new AzureBlobUpload(key, new BlockStagingStream(blob, key, blockSize, failures));
    }

    public async ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        try
        {
            // One GET whose body is read as the caller reads; the SDK resumes with a range request if the connection drops.
            var response = await container.GetBlobClient(key).DownloadStreamingAsync(options: null, cancellationToken);
            return new AzureBlobReadStream(response.Value.Content, key, failures);
        }
        catch (RequestFailedException exception) when (AzureBlobFailures.IsNotFound(exception))
        {
            return null;
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("read", key, exception);
        }
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        try
        {
            var response = await container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken);
            return response.Value;
        }
        catch (RequestFailedException exception) when (AzureBlobFailures.IsNotFound(exception))
        {
            // DeleteIfExists answers false for a missing blob, but a missing container is a 404 too.
            return false;
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("delete", key, exception);
        }
    }

    /// <summary>
    /// One page of the service's own listing (lexicographic by name); the cursor is its continuation token. Uncommitted
    /// blobs (staged blocks only) are not listed. A missing container lists as empty.
    /// </summary>
    public async ValueTask<BlobPage> ListAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return new BlobPage([], null);
        }

        try
        {
            await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).AsPages(cursor, limit))
            {
                var blobs = page.Values
                    .Where(item => BlobKeys.IsValid(item.Name))
                    .Select(item => new StoredBlob(item.Name, item.Properties.LastModified))
                    .ToList();
                return new BlobPage(blobs, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }

            return new BlobPage([], null);
        }
        catch (RequestFailedException exception) when (AzureBlobFailures.IsNotFound(exception))
        {
            return new BlobPage([], null);
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("list", "*", exception);
        }
    }

    /// <summary>
    /// Removes nothing: an upload that is never committed leaves only uncommitted blocks, which no reader or listing
    /// sees and which the service itself deletes seven days after they were staged (Put Block List documentation).
    /// </summary>
    public ValueTask<int> RemoveAbandonedUploadsAsync(DateTimeOffset lastWrittenBefore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(0);
    }

    /// <summary>
    /// Creates the container once per process, on the first upload rather than at start, so a node starts (and
    /// answers 451) while the storage account is unreachable instead of crash-looping. A failure is retried next time.
    /// </summary>
    private async Task EnsureContainerAsync(string key, CancellationToken cancellationToken)
    {
        Task ready;
        lock (containerLock)
        {
            ready = containerReady ??= CreateContainerAsync();
        }

        try
        {
            await ready.WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            ForgetContainer(ready);
            throw failures.Map("create the container for", key, exception);
        }
    }

    private async Task CreateContainerAsync()
    {
        var response = await container.CreateIfNotExistsAsync(PublicAccessType.None, metadata: null, CancellationToken.None);
        if (response is not null)
        {
            LogContainerCreated(container.Name);
        }
    }

    private void ForgetContainer() => ForgetContainer(null);

    private void ForgetContainer(Task? failed)
    {
        lock (containerLock)
        {
            if (failed is null || ReferenceEquals(containerReady, failed))
            {
                containerReady = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created blob container '{Container}'")]
    private partial void LogContainerCreated(string container);
}
