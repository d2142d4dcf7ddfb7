using System.Buffers;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// Write-only content of a <see cref="SqliteBlobUpload"/>: bytes collect in a pooled buffer while the body is
/// small enough to go inline; past the limit everything so far moves to a file upload and the rest streams there.
/// </summary>
internal sealed class InlineBodyStream : Stream
{
    private const int InitialBufferSize = 8 * 1024;
    private readonly string key;
    private readonly SqliteBlobStore store;
    private readonly int limit;
    private byte[]? buffer;
    private int length;

    public InlineBodyStream(string key, SqliteBlobStore store, int limit)
    {
        this.key = key;
        this.store = store;
        this.limit = limit;
    }

    /// <summary>The file upload the body spilled into, or null while it is still inline.</summary>
    public IBlobUpload? Spilled { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Spilled is null ? length : throw new NotSupportedException();

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    /// <summary>The inline body so far; valid until the stream is disposed.</summary>
    public ReadOnlyMemory<byte> InlineContent => buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, length);

    public override void Write(ReadOnlySpan<byte> source)
    {
        if (Spilled is null && length + source.Length > limit)
        {
            Spill(store.BeginFileUploadAsync(key, CancellationToken.None).AsTask().GetAwaiter().GetResult());
        }

        if (Spilled is not null)
        {
            Spilled.Content.Write(source);
            return;
        }

        Append(source);
    }

    public override void Write(byte[] source, int offset, int count) => Write(source.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (Spilled is null && length + source.Length > limit)
        {
            Spill(await store.BeginFileUploadAsync(key, cancellationToken));
        }

        if (Spilled is not null)
        {
            await Spilled.Content.WriteAsync(source, cancellationToken);
            return;
        }

        Append(source.Span);
    }

    public override Task WriteAsync(byte[] source, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(source.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Spilled?.Content.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Spilled?.Content.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        ReturnBuffer();
        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> source)
    {
        if (buffer is null || length + source.Length > buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(length + source.Length, Math.Min(limit, Math.Max(InitialBufferSize, (buffer?.Length ?? 0) * 2))));
            buffer?.AsSpan(0, length).CopyTo(grown);
            ReturnBuffer();
            buffer = grown;
        }

        source.CopyTo(buffer.AsSpan(length));
        length += source.Length;
    }

    private void Spill(IBlobUpload upload)
    {
        Spilled = upload;
        if (buffer is not null)
        {
            upload.Content.Write(buffer, 0, length);
        }

        ReturnBuffer();
        length = 0;
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
