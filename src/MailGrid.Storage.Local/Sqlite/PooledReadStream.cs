using System.Buffers;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>A read-only stream over a rented buffer, which goes back to the pool when the stream is disposed.</summary>
internal sealed class PooledReadStream : MemoryStream
{
    private byte[]? rented;

    public PooledReadStream(byte[] rented, int length)
        : base(rented, 0, length, writable: false) => this.rented = rented;

    protected override void Dispose(bool disposing)
    {
        // MemoryStream refuses reads once disposed, so nobody reads the buffer after it is handed on.
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref rented, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
