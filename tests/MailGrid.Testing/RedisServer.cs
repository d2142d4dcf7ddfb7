using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace MailGrid.Testing;

/// <summary>
/// A private redis-server child process on 127.0.0.1 with no persistence, in its own temp folder.
/// Use as an xunit fixture (<c>IClassFixture&lt;RedisServer&gt;</c>) or via <see cref="StartAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ProcessLog _log = new();
    private Process? _process;
    private string? _directory;

    /// <summary>The port redis-server listens on (after start).</summary>
    public int Port { get; private set; }

    /// <summary>StackExchange.Redis connection string, e.g. "127.0.0.1:6390".</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>redis-server's own output, for failure messages.</summary>
    public ProcessLog Log => _log;

    /// <summary>Starts a redis-server and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new RedisServer();
        try
        {
            await server.StartCoreAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    Task IAsyncLifetime.InitializeAsync() => StartCoreAsync(CancellationToken.None);

    /// <summary>Sends PING over a raw socket; true when the answer is +PONG.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Kills redis-server and deletes its folder.</summary>
    public Task DisposeAsync()
    {
        StopProcess();
        if (_directory is not null)
        {
            TempDirectory.DeleteQuietly(_directory);
            _directory = null;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _directory ??= Directory.CreateTempSubdirectory("mailgrid-redis-").FullName;

        // The free port may be taken between probing and binding: try again with another one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Next();
            _process = Launch(Port, _directory, _log);
            if (await WaitUntilReadyAsync(cancellationToken))
            {
                return;
            }

            StopProcess();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"redis-server did not answer PING on {ConnectionString} within {StartTimeout.TotalSeconds} s " +
                    $"({StartAttempts} attempts). Its output:\n{_log.Tail()}");
            }
        }
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                return false;
            }

            if (await PingAsync(cancellationToken))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return false;
    }

    private static Process Launch(int port, string directory, ProcessLog log)
    {
        try
        {
            return LoggedProcess.Start(
                "redis-server",
                ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--daemonize", "no", "--save", "", "--appendonly", "no", "--dir", directory],
                directory,
                log);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "redis-server is not installed or not on PATH. Install it with " +
                "'apt-get install -y redis-server' (eng/test.sh does this).", exception);
        }
    }

    private void StopProcess()
    {
        LoggedProcess.Stop(_process);
        _process = null;
    }
}
