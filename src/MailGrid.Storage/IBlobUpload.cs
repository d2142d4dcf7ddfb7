namespace MailGrid.Storage;

/// <summary>
/// A blob being written. Write the content to <see cref="Content"/>, then <see cref="CommitAsync"/>;
/// disposing without commit abandons the upload and leaves nothing behind.
/// </summary>
public interface IBlobUpload : IAsyncDisposable
{
    string Key { get; }

    /// <summary>Write-only stream for the content.</summary>
    Stream Content { get; }

    /// <summary>Makes the blob durable (flushed to stable storage) and visible under <see cref="Key"/>.</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}
