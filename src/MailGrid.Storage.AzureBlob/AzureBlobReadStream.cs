namespace MailGrid.Storage.AzureBlob;

/// <summary>
/// The SDK's download stream, with failures while reading (the service went away mid-body, after the SDK's own
/// resume attempts) reported as <see cref="StorageUnavailableException"/> like every other store failure, so a
/// delivery defers the message instead of failing on an SDK exception type.
/// </summary>
internal sealed class AzureBlobReadStream(Stream inner, string key, AzureBlobFailures failures) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("read", key, exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, CancellationToken.None))
        {
            throw failures.Map("read", key, exception);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
