namespace MailGrid.Storage.Files;

/// <summary>One upload of <see cref="FileSystemBlobStore"/>: a temp file until commit renames it into place.</summary>
internal sealed class FileBlobUpload : BlobUpload
{
    private readonly string tempPath;
    private readonly string finalPath;
    private readonly string root;
    private readonly FileStream stream;

    public FileBlobUpload(string key, string tempPath, string finalPath, string root, FileStream stream)
        : base(key)
    {
        this.tempPath = tempPath;
        this.finalPath = finalPath;
        this.root = root;
        this.stream = stream;
    }

    public override Stream Content => stream;

    protected override async ValueTask CommitCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();

            var parent = Path.GetDirectoryName(finalPath)!;
            var created = CreateParents(parent);
            File.Move(tempPath, finalPath, overwrite: true);

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

    protected override async ValueTask DisposeCoreAsync(bool committed)
    {
        await stream.DisposeAsync();
        if (!committed)
        {
            // After a failed commit the temp file may already be renamed into place; deleting a missing file is no error.
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
