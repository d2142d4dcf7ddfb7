using System.Buffers;
using System.IO.Pipelines;

namespace MailGrid.Net.Connections;

/// <summary>
/// Reads command lines from the input pipe of a line-based protocol. Pending replies are flushed only when the buffer
/// holds no further complete line, i.e. right before the reader would block (RFC 2920). A bare LF ends a line too.
/// Lines may be up to <c>maxLineLength</c> octets with their line ending; those <c>isLongLine</c> picks out (an SMTP
/// AUTH command) and those read with <c>longLine</c> (a SASL response) up to <c>maxLongLineLength</c> (when set; else
/// <c>maxLineLength</c>). Longer lines are dropped as they arrive. <see cref="Input"/> is replaceable for a later STARTTLS.
/// The line buffer is rented for the reader's life and given back by <see cref="Dispose"/>: with a connection per
/// message it would otherwise be 12 KiB allocated per message (issue 10, item 8).
/// </summary>
public sealed class LineReader(
    PipeReader input,
    IPendingOutput output,
    ReadDeadline deadline,
    int maxLineLength,
    int maxLongLineLength = 0,
    Func<ReadOnlySequence<byte>, bool>? isLongLine = null) : IDisposable
{
    private readonly int _maxLongLineLength = maxLongLineLength > 0 ? maxLongLineLength : maxLineLength;
    private readonly int _capacity = Math.Max(maxLineLength, maxLongLineLength);
    private byte[] _line = ArrayPool<byte>.Shared.Rent(Math.Max(maxLineLength, maxLongLineLength));
    private bool _mustWait;

    /// <summary>What <see cref="ReadLineAsync"/> came to.</summary>
    public enum Outcome
    {
        /// <summary>A line is in <see cref="Line"/>.</summary>
        Line,

        /// <summary>A line over its limit was read and dropped.</summary>
        TooLong,

        /// <summary>The client closed its side.</summary>
        EndOfInput,
    }

    public PipeReader Input { get; set; } = input;

    /// <summary>The last line read, without its line ending; valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _line.AsSpan(0, LineLength);

    private int LineLength { get; set; }

    /// <summary>Waits for the next line; throws <see cref="OperationCanceledException"/> when the deadline fires.</summary>
    /// <param name="timeout">How long to wait for more input.</param>
    /// <param name="longLine">True when this line may be up to <c>maxLongLineLength</c> (a SASL client response).</param>
    public async ValueTask<Outcome> ReadLineAsync(TimeSpan timeout, bool longLine = false)
    {
        var discarding = false;
        while (true)
        {
            ReadResult result;
            if (_mustWait || !Input.TryRead(out result))
            {
                await output.FlushAsync(CancellationToken.None);
                result = await deadline.ReadAsync(Input, timeout);
            }

            _mustWait = false;
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is null)
            {
                // Over-long lines are dropped as they arrive so a hostile client cannot make us buffer them.
                discarding |= buffer.Length >= _capacity;
                Input.AdvanceTo(discarding ? buffer.End : buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return Outcome.EndOfInput;
                }

                _mustWait = true;
                continue;
            }

            var line = buffer.Slice(0, lf.Value);
            var next = buffer.GetPosition(1, lf.Value);
            if (discarding || line.Length + 1 > LimitFor(line, longLine))
            {
                Input.AdvanceTo(next);
                return Outcome.TooLong;
            }

            line.CopyTo(_line);
            LineLength = (int)line.Length;
            if (LineLength > 0 && _line[LineLength - 1] == '\r')
            {
                LineLength--;
            }

            Input.AdvanceTo(next);
            return Outcome.Line;
        }
    }

    /// <summary>Gives the line buffer back to the pool; <see cref="Line"/> is empty afterwards.</summary>
    public void Dispose()
    {
        var line = _line;
        _line = [];
        LineLength = 0;
        if (line.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    private int LimitFor(ReadOnlySequence<byte> line, bool longLine) =>
        longLine || (isLongLine is not null && isLongLine(line)) ? _maxLongLineLength : maxLineLength;
}
