namespace MailGrid.Storage;

/// <summary>
/// Stores message bodies. Keys are relative paths of [a-z0-9/._-]. A blob becomes visible only
/// when its upload is committed, and is durable when <see cref="IBlobUpload.CommitAsync"/> returns.
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts writing a new blob. Nothing is visible under <paramref name="key"/> until commit.</summary>
    ValueTask<IBlobUpload> BeginUploadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens a committed blob for reading, or null when there is none.</summary>
    ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Committed blobs in ascending ordinal key order, at most <paramref name="limit"/>, starting where the page that
    /// returned <paramref name="cursor"/> ended (null: from the start). Uploads not yet committed are never listed.
    /// A blob present for the whole walk from the first page to the last is listed exactly once; one written or
    /// deleted meanwhile may or may not be. Cursors are opaque and belong to the store that made them.
    /// </summary>
    ValueTask<BlobPage> ListAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes at most <paramref name="limit"/> leftovers of uploads that were never committed nor abandoned
    /// (the process died mid-upload) and were last written before <paramref name="lastWrittenBefore"/>; returns how
    /// many it removed. Stores whose uncommitted uploads leave nothing, or whose service discards them itself, remove none.
    /// </summary>
    ValueTask<int> RemoveAbandonedUploadsAsync(DateTimeOffset lastWrittenBefore, int limit, CancellationToken cancellationToken);
}
