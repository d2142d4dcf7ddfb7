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
}
