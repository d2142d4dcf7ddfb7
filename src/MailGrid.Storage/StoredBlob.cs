namespace MailGrid.Storage;

/// <summary>A committed blob as a listing of <see cref="IBlobStore"/> sees it.</summary>
/// <param name="Key">The blob's key.</param>
/// <param name="LastModified">
/// When the store last wrote it, where the store keeps that (file modification time, Azure Last-Modified);
/// null where it does not (bodies inline in SQLite), so callers fall back on the time in the key's message id.
/// </param>
public sealed record StoredBlob(string Key, DateTimeOffset? LastModified);
