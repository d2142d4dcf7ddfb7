using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.EndToEnd.Tests;

/// <summary>A bare SMTP client over a socket, for asserting exact reply lines.</summary>
internal sealed class RawSmtpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawSmtpConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public static async Task<(RawSmtpConnection Connection, string Greeting)> OpenAsync(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address, port);
        var connection = new RawSmtpConnection(socket);
        return (connection, await connection.ReadReplyAsync());
    }

    /// <summary>Sends one command line and returns the last line of its reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads a (possibly multi-line) reply; returns its last line.</summary>
    public async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection.");
            if (line.Length < 4 || line[3] != '-')
            {
                return line;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
