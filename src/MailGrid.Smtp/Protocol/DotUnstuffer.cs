namespace MailGrid.Smtp.Protocol;

/// <summary>
/// Removes RFC 5321 4.5.2 dot-stuffing from DATA and finds its end, byte by byte across buffer boundaries.
/// Only CRLF starts a line: a bare LF is stored as CRLF but starts no line, so <c>LF.CRLF</c> neither ends the
/// data nor loses its dot (see <see cref="SmtpServerOptions"/> for the policy). The CRLF before the final dot belongs to the body.
/// </summary>
internal struct DotUnstuffer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    private State _state;
    private long _lineLength;

    public DotUnstuffer(int maxLineLength)
    {
        MaxLineLength = maxLineLength;
    }

    private enum State
    {
        LineStart,
        Body,
        Cr,
        Dot,
        DotCr,
    }

    /// <summary>Longest accepted line including its ending; 0 for no limit.</summary>
    public int MaxLineLength { get; }

    public bool Ended { get; private set; }

    public bool LineTooLong { get; private set; }

    /// <summary>
    /// Unstuffs <paramref name="input"/> into <paramref name="output"/>, which must hold twice the input plus one byte
    /// (every bare LF becomes CRLF, and a CR held back across calls may be released). Returns the bytes consumed: all of them, or fewer when the
    /// terminating <c>.CRLF</c> ends inside <paramref name="input"/>.
    /// </summary>
    public int Unstuff(ReadOnlySpan<byte> input, Span<byte> output, out int written)
    {
        var i = 0;
        var w = 0;
        while (i < input.Length && !Ended)
        {
            switch (_state)
            {
                case State.Body:
                    var rest = input[i..];
                    var stop = rest.IndexOfAny(Cr, Lf);
                    var run = stop < 0 ? rest.Length : stop + 1;
                    if (stop >= 0 && rest[stop] == Lf)
                    {
                        // A bare LF is stored as CRLF (Postfix's smtpd_forbid_bare_newline = normalize). It still
                        // does not start a line: dot-unstuffing and the end of data need a real CRLF (no smuggling).
                        rest[..stop].CopyTo(output[w..]);
                        w += stop;
                        output[w++] = Cr;
                        output[w++] = Lf;
                        i += run;
                        CountLine(run);
                        _lineLength = 0;
                        break;
                    }

                    rest[..run].CopyTo(output[w..]);
                    w += run;
                    i += run;
                    CountLine(run);
                    if (stop >= 0)
                    {
                        _state = State.Cr;
                    }

                    break;
                case State.Cr:
                    if (input[i] == Lf)
                    {
                        output[w++] = Lf;
                        i++;
                        CountLine(1);
                        _lineLength = 0;
                        _state = State.LineStart;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;
                case State.LineStart:
                    if (input[i] == '.')
                    {
                        i++;
                        _state = State.Dot;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;
                case State.Dot:
                    if (input[i] == Cr)
                    {
                        i++;
                        _state = State.DotCr;
                    }
                    else
                    {
                        _state = State.Body;
                    }

                    break;
                case State.DotCr:
                    if (input[i] == Lf)
                    {
                        i++;
                        Ended = true;
                    }
                    else
                    {
                        // ".\r" then not LF: the dot was stuffing, the CR is content.
                        output[w++] = Cr;
                        CountLine(1);
                        _state = State.Cr;
                    }

                    break;
            }
        }

        written = w;
        return i;
    }

    private void CountLine(int bytes)
    {
        _lineLength += bytes;
        if (MaxLineLength > 0 && _lineLength > MaxLineLength)
        {
            LineTooLong = true;
        }
    }
}
