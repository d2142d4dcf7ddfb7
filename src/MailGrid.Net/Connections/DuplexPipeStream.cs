using System.IO.Pipelines;

namespace MailGrid.Net.Connections;

/// <summary>
/// The connection's pipes as one <see cref="Stream"/>, for <see cref="System.Net.Security.SslStream"/> to run on
/// (STARTTLS, implicit TLS). Reads take what the input pipe has buffered at that moment; writes flush at once.
/// </summary>
public sealed class DuplexPipeStream(PipeReader input, PipeWriter output) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var available = result.Buffer;
            if (!available.IsEmpty)
            {
                var count = (int)Math.Min(available.Length, buffer.Length);
                var slice = available.Slice(0, count);
                foreach (var segment in slice)
                {
                    segment.Span.CopyTo(buffer.Span);
                    buffer = buffer[segment.Length..];
                }

                input.AdvanceTo(slice.End);
                return count;
            }

            input.AdvanceTo(available.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        await output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken) => await output.FlushAsync(cancellationToken);

    // SslStream is only driven through the async methods; the synchronous ones exist for completeness.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() => FlushAsync().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
