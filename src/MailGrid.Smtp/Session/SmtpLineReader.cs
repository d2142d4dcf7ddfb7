using System.Buffers;
using System.IO.Pipelines;

namespace MailGrid.Smtp.Session;

/// <summary>
/// Reads command lines from the input pipe. Replies are flushed only when the buffer holds no further
/// complete line, i.e. right before the reader would block (RFC 2920). A bare LF ends a command line too.
/// <see cref="Input"/> is replaceable for a later STARTTLS.
/// </summary>
internal sealed class SmtpLineReader(PipeReader input, SmtpReplyWriter replies, SmtpReadDeadline deadline, int maxLineLength)
{
    /// <summary>RFC 4954 4: AUTH command lines and SASL responses may be up to 12288 octets.</summary>
    public const int MaxAuthLineLength = 12288;

    private readonly byte[] _line = new byte[Math.Max(maxLineLength, MaxAuthLineLength)];
    private bool _mustWait;

    public enum Outcome
    {
        Line,
        TooLong,
        EndOfInput,
    }

    public PipeReader Input { get; set; } = input;

    /// <summary>The last line read, without its line ending; valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _line.AsSpan(0, LineLength);

    private int LineLength { get; set; }

    /// <summary>Waits for the next line; throws <see cref="OperationCanceledException"/> when the deadline fires.</summary>
    /// <param name="timeout">How long to wait for more input.</param>
    /// <param name="saslResponse">True for a SASL client response, which may be as long as an AUTH line.</param>
    public async ValueTask<Outcome> ReadLineAsync(TimeSpan timeout, bool saslResponse = false)
    {
        var discarding = false;
        while (true)
        {
            ReadResult result;
            if (_mustWait || !Input.TryRead(out result))
            {
                await replies.FlushAsync(CancellationToken.None);
                var token = deadline.Arm(timeout);
                try
                {
                    result = await Input.ReadAsync(token);
                }
                finally
                {
                    deadline.Disarm();
                }
            }

            _mustWait = false;
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is null)
            {
                // Over-long lines are dropped as they arrive so a hostile client cannot make us buffer them.
                discarding |= buffer.Length >= _line.Length;
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
            if (discarding || line.Length + 1 > LimitFor(line, saslResponse))
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

    private static bool IsAuthCommand(ReadOnlySequence<byte> line)
    {
        Span<byte> verb = stackalloc byte[5];
        if (line.Length < verb.Length)
        {
            return false;
        }

        line.Slice(0, verb.Length).CopyTo(verb);
        return System.Text.Ascii.EqualsIgnoreCase(verb, "AUTH "u8);
    }

    private int LimitFor(ReadOnlySequence<byte> line, bool saslResponse) =>
        saslResponse || IsAuthCommand(line) ? MaxAuthLineLength : maxLineLength;
}
