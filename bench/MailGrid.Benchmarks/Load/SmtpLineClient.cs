using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.Benchmarks.Load;

/// <summary>
/// A minimal SMTP client on a raw socket (NoDelay; MailKit's connect costs ~45 ms on loopback here): one command,
/// one reply, no pipelining, so every reply time is the server's.
/// </summary>
internal sealed class SmtpLineClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private SmtpLineClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 4096);
    }

    public static async Task<SmtpLineClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new SmtpLineClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one (possibly multi-line) reply; returns its code, or 0 when the server closed.</summary>
    public async Task<int> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null || line.Length < 3)
            {
                return 0;
            }

            if (line.Length == 3 || line[3] != '-')
            {
                return int.TryParse(line.AsSpan(0, 3), out var code) ? code : 0;
            }
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(bytes, cancellationToken);

    public async Task<int> CommandAsync(string line, CancellationToken cancellationToken)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
