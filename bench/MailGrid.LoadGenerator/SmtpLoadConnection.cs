using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.LoadGenerator;

/// <summary>
/// One plain SMTP session over a raw socket (no MailKit: the generator must cost the machine little next to
/// the servers it measures). Commands go one at a time; the message is sent as prepared wire bytes.
/// </summary>
internal sealed class SmtpLoadConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private SmtpLoadConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects, reads the greeting and says EHLO; null when the server refuses (e.g. 421 while draining).</summary>
    public static async Task<SmtpLoadConnection?> OpenAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        // NetworkStream needs a connected socket.
        var connection = new SmtpLoadConnection(socket);
        try
        {
            if ((await connection.ReadReplyAsync(cancellationToken)).Code != 220
                || !(await connection.CommandAsync("EHLO load.test", cancellationToken)).IsPositive)
            {
                await connection.DisposeAsync();
                return null;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>MAIL, RCPT, DATA; returns the first reply that was not positive, or the final reply after the data.</summary>
    public async Task<SmtpReply> SendAsync(string sender, string recipient, ReadOnlyMemory<byte> dotStuffedData, CancellationToken cancellationToken)
    {
        foreach (var command in new[] { $"MAIL FROM:<{sender}>", $"RCPT TO:<{recipient}>", "DATA" })
        {
            var reply = await CommandAsync(command, cancellationToken);
            if (!reply.IsPositive)
            {
                if (command != "DATA")
                {
                    await CommandAsync("RSET", cancellationToken);
                }

                return reply;
            }
        }

        await _stream.WriteAsync(dotStuffedData, cancellationToken);
        await _stream.WriteAsync("\r\n.\r\n"u8.ToArray(), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.Connected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await CommandAsync("QUIT", quick.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is gone or slow to say goodbye: nothing to wait for.
        }

        await _stream.DisposeAsync();
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new IOException($"Malformed SMTP reply: '{line}'");
            }

            if (line.Length == 3 || line[3] != '-')
            {
                return new SmtpReply(code, line.Length > 4 ? line[4..] : "");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new IOException("SMTP reply line longer than the buffer.");
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _end += read;
        }
    }
}
