using System.IO.Pipelines;
using MailGrid.Net.Connections;

namespace MailGrid.Smtp.Session;

/// <summary>What reading one BDAT chunk came to.</summary>
internal readonly record struct SmtpChunkResult(bool Completed, Exception? WriteFailure);

/// <summary>
/// Reads exactly the octets of one BDAT chunk (RFC 3030) from the input pipe: no dot-unstuffing, no line rules.
/// Only the first <c>writeLimit</c> octets go to the sink (none when it is null); the rest is read and discarded,
/// so the next command starts where the client meant it to.
/// </summary>
internal static class SmtpChunkReader
{
    public static async ValueTask<SmtpChunkResult> ReadAsync(
        PipeReader input, long size, Stream? sink, long writeLimit, ReadDeadline deadline, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var remaining = size;
        Exception? writeFailure = null;
        while (remaining > 0)
        {
            ReadResult result;
            if (!input.TryRead(out result))
            {
                result = await deadline.ReadAsync(input, timeout);
            }

            var buffer = result.Buffer;
            var piece = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            foreach (var segment in piece)
            {
                var wanted = (int)Math.Clamp(writeLimit, 0, segment.Length);
                if (sink is not null && writeFailure is null && wanted > 0)
                {
                    try
                    {
                        await sink.WriteAsync(segment[..wanted], cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        writeFailure = ex;
                    }
                }

                writeLimit -= segment.Length;
            }

            remaining -= piece.Length;
            input.AdvanceTo(piece.End);
            if (remaining > 0 && result.IsCompleted)
            {
                return new SmtpChunkResult(false, writeFailure);
            }
        }

        return new SmtpChunkResult(true, writeFailure);
    }
}
