using System.Runtime.CompilerServices;

namespace MailGrid.Storage;

/// <summary>
/// The life of an <see cref="IBlobUpload"/>, the same on every backend: commit at most once and never after disposal;
/// dispose once, which abandons the upload unless it was committed. Backends say what committing and letting go mean.
/// </summary>
public abstract class BlobUpload : IBlobUpload
{
    private bool committed;
    private bool disposed;

    protected BlobUpload(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
    }

    public string Key { get; }

    public abstract Stream Content { get; }

    // Pooled: one upload per message, and the base must not cost the hot path an allocation of its own.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
        {
            throw new InvalidOperationException($"Blob '{Key}' is already committed.");
        }

        await CommitCoreAsync(cancellationToken);
        committed = true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await DisposeCoreAsync(committed);
        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the content durable and visible under <see cref="Key"/>; called at most once.</summary>
    protected abstract ValueTask CommitCoreAsync(CancellationToken cancellationToken);

    /// <summary>Releases the upload's resources, once; <paramref name="committed"/> false means it is abandoned and leaves nothing behind.</summary>
    protected abstract ValueTask DisposeCoreAsync(bool committed);
}
