using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Files;

/// <summary>
/// Blobs as files under a root folder. An upload writes a temp file in <c>root/tmp</c> (same filesystem, so
/// the final rename is atomic); commit fsyncs the file, renames it into place and fsyncs the directories
/// whose entries changed. Readers therefore see either nothing or the whole committed blob.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    // Small buffers: the SMTP engine writes the body in chunks of up to 32 KiB, which bypass a smaller buffer, so a
    // large one only cost an allocation per message (64 KiB for a 4 KB message in the micro-benchmark).
    private const int WriteBufferSize = 4 * 1024;
    private const int ReadBufferSize = 16 * 1024;
    private const string TempFolderName = "tmp";
    private readonly string root;
    private readonly string tempFolder;

    public FileSystemBlobStore(IOptions<FileBlobStoreOptions> options)
    {
        root = Path.GetFullPath(options.Value.RootPath);
        tempFolder = Path.Combine(root, TempFolderName);
        try
        {
            Directory.CreateDirectory(tempFolder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot create blob folder '{tempFolder}'.", ex);
        }
    }

    /// <summary>The absolute root folder.</summary>
    public string RootPath => root;

    public ValueTask<IBlobUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var tempPath = Path.Combine(tempFolder, $"{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, WriteBufferSize, FileOptions.Asynchronous);
            return ValueTask.FromResult<IBlobUpload>(new FileBlobUpload(key, tempPath, PathOf(key), root, stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot start blob upload for '{key}'.", ex);
        }
    }

    public ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete lets a blob be deleted while a delivery is still reading it.
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, ReadBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult<Stream?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot read blob '{key}'.", ex);
        }
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKeys.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return ValueTask.FromResult(false);
            }

            File.Delete(path);
            return ValueTask.FromResult(true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot delete blob '{key}'.", ex);
        }
    }

    /// <summary>The cursor is the last key of the page; the temp folder of open uploads is not listed.</summary>
    public ValueTask<BlobPage> ListAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // One more than asked shows whether another page follows, so the last page says so itself.
            var found = FileBlobListing.After(root, TempFolderName, cursor, Math.Max(0, limit) + 1);
            return ValueTask.FromResult(BlobPage.Of(found, limit));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot list blobs under '{root}'.", ex);
        }
    }

    /// <summary>
    /// Removes temp files of uploads a crash left (a live upload deletes its own when abandoned). A live upload keeps
    /// writing its temp file, so one last written before <paramref name="lastWrittenBefore"/> belongs to nobody.
    /// </summary>
    public ValueTask<int> RemoveAbandonedUploadsAsync(DateTimeOffset lastWrittenBefore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var removed = 0;
        try
        {
            foreach (var file in new DirectoryInfo(tempFolder).EnumerateFiles("*.tmp"))
            {
                if (removed >= limit)
                {
                    break;
                }

                if (file.LastWriteTimeUtc < lastWrittenBefore.UtcDateTime)
                {
                    file.Delete();
                    removed++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot clean the upload folder '{tempFolder}'.", ex);
        }

        return ValueTask.FromResult(removed);
    }

    private string PathOf(string key) => Path.Combine(root, key);
}
