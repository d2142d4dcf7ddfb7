using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>A byte-level SMTP client over a real socket, for asserting exact reply lines.</summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private Stream _stream;
    private readonly List<byte> _pending = [];

    private RawSmtpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawSmtpClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawSmtpClient(socket);
    }

    /// <summary>Connects, checks the greeting and sends EHLO.</summary>
    public static async Task<RawSmtpClient> ConnectAndGreetAsync(int port)
    {
        var client = await ConnectAsync(port);
        await client.ExpectAsync($"220 {SmtpServerFixture.Hostname} ESMTP MailGrid");
        await client.SendAsync("EHLO client.test\r\n");
        var ehlo = await client.ReadReplyAsync();
        Assert.Equal($"250 ENHANCEDSTATUSCODES", ehlo[^1]);
        return client;
    }

    /// <summary>Connects and runs the TLS handshake at once (implicit TLS, RFC 8314).</summary>
    public static async Task<RawSmtpClient> ConnectTlsAsync(int port)
    {
        var client = await ConnectAsync(port);
        await client.HandshakeAsync();
        return client;
    }

    /// <summary>The TLS stream once <see cref="HandshakeAsync"/> ran.</summary>
    public SslStream? Tls => _stream as SslStream;

    /// <summary>
    /// Runs a client TLS handshake on the connection (after "220 2.0.0 Ready to start TLS", or at once for implicit
    /// TLS). The test accepts the server's self-signed certificate.
    /// </summary>
    public async Task HandshakeAsync()
    {
        Assert.Empty(_pending);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(ReadLimit);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = SmtpServerFixture.Hostname, RemoteCertificateValidationCallback = TestCertificates.AcceptTestServer },
            timeout.Token);
        _stream = tls;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends one command line and returns the last line of its reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return (await ReadReplyAsync())[^1];
    }

    public async Task ExpectAsync(string expectedLine) => Assert.Equal(expectedLine, (await ReadReplyAsync())[^1]);

    /// <summary>Reads every line of one reply (continuation lines have a '-' after the code).</summary>
    public async Task<IReadOnlyList<string>> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException($"Connection closed after {lines.Count} reply lines.");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return lines;
            }
        }
    }

    /// <summary>True when the server closed the connection (after draining what it still sent).</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            while (await ReadLineAsync() is not null)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadLimit);
        var buffer = new byte[4096];
        while (true)
        {
            var lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, lf).ToArray()).TrimEnd('\r');
                _pending.RemoveRange(0, lf + 1);
                return line;
            }

            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
