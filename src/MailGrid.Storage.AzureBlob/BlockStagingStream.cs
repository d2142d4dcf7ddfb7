using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace MailGrid.Storage.AzureBlob;

/// <summary>
/// Write-only stream that fills one block-sized buffer and stages it as an uncommitted block each time it is full,
/// so memory per upload is at most one block whatever the message size. The buffer starts small and doubles up to
/// the block size, so the many small messages of an MTA hold about their own size, not a whole block, per session. Staged blocks stay invisible until
/// <see cref="CommitAsync"/> commits the block list; an upload that is never committed leaves only uncommitted
/// blocks, which the service discards (after a week at most) and which no reader can see.
/// </summary>
internal sealed class BlockStagingStream : Stream
{
    private readonly BlockBlobClient blob;
    private readonly string key;
    private readonly AzureBlobFailures failures;
    private const int InitialBufferSize = 64 * 1024;
    private readonly int blockSize;

    // Unique per upload, so two uploads racing on one key never commit each other's blocks. Block ids of one blob
    // must all have the same length: 32 hex digits + 8 decimal digits.
    private readonly string uploadId = Guid.NewGuid().ToString("N");
    private readonly List<string> blockIds = [];
    private byte[]? buffer;
    private int filled;
    private long length;
    private bool completed;

    public BlockStagingStream(BlockBlobClient blob, string key, int blockSize, AzureBlobFailures failures)
    {
        this.blob = blob;
        this.key = key;
        this.blockSize = blockSize;
        this.failures = failures;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Min(blockSize, InitialBufferSize));
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !completed && buffer is not null;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    /// <summary>Number of blocks staged so far (the last partial block is staged at commit).</summary>
    public int StagedBlocks => blockIds.Count;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var target = WritableBuffer();
        while (!source.IsEmpty)
        {
            if (filled == target.Length && filled < blockSize)
            {
                target = Grow(target);
            }

            var count = Math.Min(source.Length, Math.Min(target.Length, blockSize) - filled);
            source[..count].CopyTo(target.AsMemory(filled));
            filled += count;
            length += count;
            source = source[count..];
            if (filled == blockSize)
            {
                await StageBufferAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous writers are rare (the SMTP engine writes asynchronously); they block on the staging request.
    public override void Write(byte[] buffer, int offset, int count)
        => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(ReadOnlySpan<byte> source)
    {
        var copy = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            source.CopyTo(copy);
            Write(copy, 0, source.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Flushing cannot make anything durable or visible before commit, so it does nothing.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Makes the content visible. A body that fits in one block goes up in a single Put Blob (one round trip);
    /// a larger one stages its last block and commits the block list. Both are atomic and durable on success.
    /// </summary>
    public async Task CommitAsync(BlobHttpHeaders headers, CancellationToken cancellationToken)
    {
        var target = WritableBuffer();
        try
        {
            if (blockIds.Count == 0)
            {
                using var content = new MemoryStream(target, 0, filled, writable: false);
                await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken);
            }
            else
            {
                if (filled > 0)
                {
                    await StageBufferAsync(cancellationToken);
                }

                await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = headers }, cancellationToken);
            }
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("commit", key, exception);
        }

        completed = true;
        ReturnBuffer();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        ReturnBuffer();
        base.Dispose(disposing);
    }

    private async Task StageBufferAsync(CancellationToken cancellationToken)
    {
        var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(
            uploadId + blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        try
        {
            using var content = new MemoryStream(buffer!, 0, filled, writable: false);
            await blob.StageBlockAsync(blockId, content, options: null, cancellationToken);
        }
        catch (Exception exception) when (AzureBlobFailures.IsStorageFailure(exception, cancellationToken))
        {
            throw failures.Map("stage a block of", key, exception);
        }

        blockIds.Add(blockId);
        filled = 0;
    }

    private byte[] Grow(byte[] current)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(blockSize, current.Length * 2));
        current.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(current);
        buffer = larger;
        return larger;
    }

    private byte[] WritableBuffer()
    {
        if (completed)
        {
            throw new InvalidOperationException($"Blob '{key}' is already committed.");
        }

        ObjectDisposedException.ThrowIf(buffer is null, this);
        return buffer;
    }

    private void ReturnBuffer()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
