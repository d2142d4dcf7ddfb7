namespace MailGrid.Storage.Files;

/// <summary>
/// Lists the committed blobs under a blob root in ascending ordinal key order, resuming after a key. Each folder's
/// entries are sorted by the keys they lead to (a folder "a" sorts as "a/", so "a.eml" comes before "a/x.eml"), and
/// folders whose every key is at or before the resume key are not entered, so a page reads only the folders it
/// lists from: with keys partitioned by hour, that is one or two hour folders.
/// </summary>
internal static class FileBlobListing
{
    /// <summary>Up to <paramref name="limit"/> blobs with keys after <paramref name="after"/> (null: from the start).</summary>
    public static List<StoredBlob> After(string root, string tempFolderName, string? after, int limit)
    {
        var found = new List<StoredBlob>(Math.Min(limit, 1024));
        if (limit > 0)
        {
            Walk(new DirectoryInfo(root), "", tempFolderName, after, limit, found);
        }

        return found;
    }

    /// <summary>Adds the keys under <paramref name="folder"/>; false once <paramref name="limit"/> is reached.</summary>
    private static bool Walk(DirectoryInfo folder, string prefix, string? skipFolder, string? after, int limit, List<StoredBlob> found)
    {
        List<(FileSystemInfo Entry, string Key)> entries;
        try
        {
            entries = folder.EnumerateFileSystemInfos()
                .Where(entry => (entry.Attributes & FileAttributes.ReparsePoint) == 0) // no links: uploads never make them, and they could loop
                .Select(entry => (Entry: entry, Key: prefix + entry.Name + (entry is DirectoryInfo ? "/" : "")))
                .ToList();
        }
        catch (DirectoryNotFoundException)
        {
            // Gone meanwhile (emptied and removed by someone): nothing to list in it.
            return true;
        }

        entries.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        foreach (var (entry, key) in entries)
        {
            if (found.Count >= limit)
            {
                return false;
            }

            if (entry is DirectoryInfo child)
            {
                var skip = child.Name == skipFolder
                    || (after is not null && !after.StartsWith(key, StringComparison.Ordinal) && string.CompareOrdinal(key, after) < 0);
                if (!skip && !Walk(child, key, null, after, limit, found))
                {
                    return false;
                }
            }
            else if ((after is null || string.CompareOrdinal(key, after) > 0) && BlobKeys.IsValid(key))
            {
                found.Add(new StoredBlob(key, new DateTimeOffset(entry.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }

        return true;
    }
}
