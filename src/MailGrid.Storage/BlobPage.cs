namespace MailGrid.Storage;

/// <summary>One page of <see cref="IBlobStore.ListAsync"/>.</summary>
/// <param name="Blobs">Committed blobs in ascending ordinal key order.</param>
/// <param name="NextCursor">Where the next page starts; null when the listing has reached the end.</param>
public sealed record BlobPage(IReadOnlyList<StoredBlob> Blobs, string? NextCursor)
{
    /// <summary>
    /// The page of the first <paramref name="limit"/> of <paramref name="found"/> (sorted, read one past the limit so
    /// the end of the listing is known): its cursor is the last key kept, or null when nothing was left over.
    /// </summary>
    public static BlobPage Of(List<StoredBlob> found, int limit)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (found.Count <= limit)
        {
            return new BlobPage(found, null);
        }

        found.RemoveRange(limit, found.Count - limit);
        return new BlobPage(found, limit == 0 ? null : found[^1].Key);
    }
}
