namespace MailGrid.Storage.Files;

/// <summary>One upload of <see cref="FileSystemBlobStore"/>: a temp file until commit renames it into place.</summary>
internal sealed class FileBlobUpload : IBlobUpload
{
    private readonly string tempPath;
    private readonly string finalPath;
    private readonly string root;
    private readonly FileStream stream;
    private bool committed;
    private bool disposed;

    public FileBlobUpload(string key, string tempPath, string finalPath, string root, FileStream stream)
    {
        Key = key;
        this.tempPath = tempPath;
        this.finalPath = finalPath;
        this.root = root;
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

        try
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();

            var parent = Path.GetDirectoryName(finalPath)!;
            var created = CreateParents(parent);
            File.Move(tempPath, finalPath, overwrite: true);
            committed = true;

            // The rename lives in the parent's entries; new folders live in their own parents' entries.
            DirectorySync.Flush(parent);
            foreach (var folder in created)
            {
                DirectorySync.Flush(Path.GetDirectoryName(folder)!);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"Cannot commit blob '{Key}'.", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stream.DisposeAsync();
        if (!committed)
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An abandoned temp file is invisible to readers; failing the caller's cleanup would help no one.
            }
        }
    }

    /// <summary>Creates the missing folders between the root and <paramref name="folder"/>, returning them outermost first.</summary>
    private List<string> CreateParents(string folder)
    {
        var missing = new List<string>();
        for (var current = folder; current.Length > root.Length && !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Add(current);
        }

        missing.Reverse();
        foreach (var dir in missing)
        {
            Directory.CreateDirectory(dir);
        }

        return missing;
    }
}
