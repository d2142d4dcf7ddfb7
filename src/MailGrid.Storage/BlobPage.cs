namespace MailGrid.Storage;

/// <summary>One page of <see cref="IBlobStore.ListAsync"/>.</summary>
/// <param name="Blobs">Committed blobs in ascending ordinal key order.</param>
/// <param name="NextCursor">Where the next page starts; null when the listing has reached the end.</param>
public sealed record BlobPage(IReadOnlyList<StoredBlob> Blobs, string? NextCursor);
