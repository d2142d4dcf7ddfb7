namespace MailGrid.Testing;

/// <summary>Reads LF-terminated lines (terminator included) from a stream, as raw bytes.</summary>
internal sealed class SmtpLineReader(Stream stream)
{
    private const int MaxLineLength = 1 << 20;
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next line including its CRLF/LF, or null at end of stream.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline + 1 - _start).ToArray();
                _start = newline + 1;
                return line;
            }

            scanFrom = _end;
            if (_end == _buffer.Length)
            {
                Compact(ref scanFrom);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    private void Compact(ref int scanFrom)
    {
        var pending = _end - _start;
        if (pending >= MaxLineLength)
        {
            throw new InvalidDataException($"SMTP line longer than {MaxLineLength} bytes.");
        }

        var target = _start == 0 ? new byte[_buffer.Length * 2] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, pending);
        _buffer = target;
        scanFrom -= _start;
        _start = 0;
        _end = pending;
    }
}
