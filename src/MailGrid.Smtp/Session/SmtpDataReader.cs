using System.Buffers;
using System.IO.Pipelines;
using MailGrid.Net.Connections;

namespace MailGrid.Smtp.Session;

/// <summary>What reading one DATA section came to.</summary>
internal readonly record struct SmtpDataResult(bool Completed, long BodyBytes, bool TooLarge, bool LineTooLong, Exception? WriteFailure);

/// <summary>
/// Streams a DATA section from the input pipe into the message body, unstuffing on the fly. Past the size
/// limit, or once the sink failed, it keeps reading to the terminating dot but stops writing.
/// </summary>
internal static class SmtpDataReader
{
    private const int ChunkSize = 16 * 1024;

    public static async ValueTask<SmtpDataResult> ReadAsync(
        PipeReader input, Stream body, long maxSize, int maxLineLength, ReadDeadline deadline, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var unstuffer = new Protocol.DotUnstuffer(maxLineLength);
        var chunk = ArrayPool<byte>.Shared.Rent((2 * ChunkSize) + 1);
        long bodyBytes = 0;
        Exception? writeFailure = null;
        try
        {
            while (true)
            {
                var result = await deadline.ReadAsync(input, timeout);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                foreach (var segment in buffer)
                {
                    for (var offset = 0; offset < segment.Length && !unstuffer.Ended;)
                    {
                        var piece = segment.Span.Slice(offset, Math.Min(ChunkSize, segment.Length - offset));
                        var used = unstuffer.Unstuff(piece, chunk, out var written);
                        offset += used;
                        consumed = buffer.GetPosition(used, consumed);
                        bodyBytes += written;
                        if (written > 0 && writeFailure is null && bodyBytes <= maxSize)
                        {
                            try
                            {
                                await body.WriteAsync(chunk.AsMemory(0, written), cancellationToken);
                            }
                            catch (Exception ex) when (ex is not OperationCanceledException)
                            {
                                writeFailure = ex;
                            }
                        }
                    }

                    if (unstuffer.Ended)
                    {
                        break;
                    }
                }

                input.AdvanceTo(consumed, unstuffer.Ended ? consumed : buffer.End);
                if (unstuffer.Ended || result.IsCompleted)
                {
                    return new SmtpDataResult(unstuffer.Ended, bodyBytes, bodyBytes > maxSize, unstuffer.LineTooLong, writeFailure);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
