using System.Text;

namespace MailGrid.Smtp.Session;

/// <summary>
/// A write-only pass-through stream for submitted mail (RFC 6409 8.2, 8.3): watches the header block as it
/// streams by and, when it lacks <c>Date:</c> or <c>Message-ID:</c>, inserts them just before the blank line
/// that ends it, or at the end when the message has no body. Only the first <see cref="MaxInspectedBytes"/>
/// octets are inspected; a longer header block is passed on unchanged. Nothing is buffered.
/// </summary>
internal sealed class MissingHeaderInserter(Stream inner, string messageId, string date) : Stream
{
    /// <summary>How much of a message is searched for the end of its header block.</summary>
    public const int MaxInspectedBytes = 256 * 1024;

    // Longest field name worth remembering: "Message-ID" has 10 octets.
    private const int MaxNameLength = 16;

    private readonly byte[] _name = new byte[MaxNameLength];
    private int _nameLength;
    private bool _inName;
    private bool _atLineStart = true;
    private bool _done;
    private bool _hasDate;
    private bool _hasMessageId;
    private long _inspected;

    /// <summary>Octets added to the message (0 when nothing was missing or the header block was too long).</summary>
    public long InsertedBytes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var blankLine = _done ? -1 : Inspect(buffer.Span);
        if (blankLine < 0)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        await inner.WriteAsync(buffer[..blankLine], cancellationToken);
        await InsertAsync(cancellationToken);
        await inner.WriteAsync(buffer[blankLine..], cancellationToken);
    }

    /// <summary>Call at the end of the message: a message that never ended its header block gets the fields at its end.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        if (!_atLineStart)
        {
            await inner.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            InsertedBytes += 2;
        }

        await InsertAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Returns the offset of the blank line ending the header block, or -1 when it is not in <paramref name="span"/>.</summary>
    private int Inspect(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (++_inspected > MaxInspectedBytes)
            {
                _done = true;
                return -1;
            }

            var b = span[i];
            if (_atLineStart)
            {
                _atLineStart = false;
                if (b is (byte)'\r' or (byte)'\n')
                {
                    return i;
                }

                // A line starting with white space continues the previous field.
                _inName = b is not ((byte)' ' or (byte)'\t');
                _nameLength = 0;
            }

            if (_inName)
            {
                if (b is (byte)':' or (byte)' ' or (byte)'\t')
                {
                    _inName = false;
                    NoteField(_name.AsSpan(0, _nameLength));
                }
                else if (b is (byte)'\r' or (byte)'\n')
                {
                    _inName = false;
                }
                else if (_nameLength < MaxNameLength)
                {
                    _name[_nameLength++] = b;
                }
                else
                {
                    // Too long to be a field we look for.
                    _inName = false;
                }
            }

            if (b == '\n')
            {
                _atLineStart = true;
            }
        }

        return -1;
    }

    private void NoteField(ReadOnlySpan<byte> name)
    {
        _hasDate |= Ascii.EqualsIgnoreCase(name, "Date"u8);
        _hasMessageId |= Ascii.EqualsIgnoreCase(name, "Message-ID"u8);
    }

    private async ValueTask InsertAsync(CancellationToken cancellationToken)
    {
        _done = true;
        var fields = new StringBuilder();
        if (!_hasDate)
        {
            fields.Append("Date: ").Append(date).Append("\r\n");
        }

        if (!_hasMessageId)
        {
            fields.Append("Message-ID: ").Append(messageId).Append("\r\n");
        }

        if (fields.Length > 0)
        {
            var bytes = Encoding.UTF8.GetBytes(fields.ToString());
            await inner.WriteAsync(bytes, cancellationToken);
            InsertedBytes += bytes.Length;
        }
    }
}
