using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace MailGrid.Testing;

/// <summary>
/// A private Azurite blob service (azurite-blob, from npm) on 127.0.0.1 with its data in a temp folder.
/// Use as an xunit fixture or via <see cref="StartAsync"/>. The binary is taken from <c>MAILGRID_AZURITE_BLOB</c>,
/// else <c>artifacts/tools/node_modules/.bin/azurite-blob</c> (where eng/test.sh installs it), else PATH.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The published key of the development account (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string BinaryVariable = "MAILGRID_AZURITE_BLOB";
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ProcessLog _log = new();
    private Process? _process;
    private string? _directory;

    /// <summary>The blob port (after start).</summary>
    public int Port { get; private set; }

    /// <summary>The account's blob endpoint, e.g. <c>http://127.0.0.1:20123/devstoreaccount1</c>.</summary>
    public string BlobEndpoint => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}";

    /// <summary>Connection string for Azure.Storage.Blobs.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Azurite's own output, for failure messages.</summary>
    public ProcessLog Log => _log;

    /// <summary>Starts Azurite and waits until its port accepts connections.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new AzuriteServer();
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

    /// <summary>Kills Azurite (its port closes; the data folder stays until dispose), to test an outage.</summary>
    public void Stop() => StopProcess();

    /// <summary>Kills Azurite and deletes its data folder.</summary>
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

    /// <summary>The azurite-blob executable this fixture would run, or null when none is installed.</summary>
    public static string? FindBinary()
    {
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var local = Path.Combine(HostAssemblies.RepositoryRoot, "artifacts", "tools", "node_modules", ".bin", "azurite-blob");
        if (File.Exists(local))
        {
            return local;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "azurite-blob"))
            .FirstOrDefault(File.Exists);
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "azurite is not installed. Run eng/test.sh (it installs it), or " +
            "'npm install --prefix artifacts/tools azurite@3.37.0', or set " + BinaryVariable + " to an azurite-blob executable.");
        _directory ??= Directory.CreateTempSubdirectory("mailgrid-azurite-").FullName;

        // The free port may be taken between probing and binding: try again with another one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Next();
            _process = Launch(binary, Port, _directory, _log);
            if (await WaitUntilListeningAsync(cancellationToken))
            {
                return;
            }

            StopProcess();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"Azurite did not listen on {BlobEndpoint} within {StartTimeout.TotalSeconds} s ({StartAttempts} attempts). " +
                    $"Its output:\n{_log.Tail()}");
            }
        }
    }

    private async Task<bool> WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                return false;
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        return false;
    }

    private static Process Launch(string binary, int port, string directory, ProcessLog log)
    {
        try
        {
            // --skipApiVersionCheck: Azure.Storage.Blobs speaks a newer service version than Azurite 3.37 knows.
            return LoggedProcess.Start(
                binary,
                ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", directory, "--skipApiVersionCheck", "--silent"],
                directory,
                log);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Cannot start azurite-blob at '{binary}' (is node installed?).", exception);
        }
    }

    private void StopProcess()
    {
        // Azurite ignores the first SIGTERM after closing its port; a kill is immediate and tests keep no data.
        LoggedProcess.Stop(_process);
        _process = null;
    }
}
