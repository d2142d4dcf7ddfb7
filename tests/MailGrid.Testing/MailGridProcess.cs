using System.Diagnostics;
using System.Globalization;

namespace MailGrid.Testing;

/// <summary>
/// A MailGrid host running as a real child process (<c>dotnet host.dll</c>), so tests can
/// kill -9 it, stop it gracefully and restart it on the same data.
/// </summary>
public sealed class MailGridProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly bool _ownsWorkingDirectory;

    private MailGridProcess(Process process, string name, string workingDirectory, bool ownsWorkingDirectory)
    {
        _process = process;
        Name = name;
        WorkingDirectory = workingDirectory;
        _ownsWorkingDirectory = ownsWorkingDirectory;
    }

    /// <summary>Host name for messages (the assembly file name without extension).</summary>
    public string Name { get; }

    /// <summary>The process' working directory (the all-in-one server keeps ./data here).</summary>
    public string WorkingDirectory { get; }

    /// <summary>OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>Captured stdout and stderr.</summary>
    public ProcessLog Log { get; } = new();

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="assemblyPath"/></c> with <paramref name="environment"/> added to a cleaned copy
    /// of this process' environment. Without <paramref name="workingDirectory"/> a temp folder is created and deleted
    /// on dispose; pass one (e.g. a <see cref="TempDirectory"/>) to keep data across restarts.
    /// </summary>
    public static MailGridProcess Start(
        string assemblyPath,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory = null,
        IReadOnlyList<string>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var ownsWorkingDirectory = workingDirectory is null;
        workingDirectory ??= Directory.CreateTempSubdirectory("mailgrid-host-").FullName;

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Settings of the test runner's own environment must not leak into the host under test.
        foreach (var key in startInfo.Environment.Keys.Where(IsInheritedSetting).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var host = new MailGridProcess(process, Path.GetFileNameWithoutExtension(assemblyPath), workingDirectory, ownsWorkingDirectory);
        process.OutputDataReceived += (_, e) => host.Log.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => host.Log.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Polls <c>http://127.0.0.1:<paramref name="httpPort"/>/health</c> until it answers 200. Fails at once if the
    /// process exits, or after <paramref name="timeout"/>, with the log tail in the message.
    /// </summary>
    public async Task WaitForHealthyAsync(int httpPort, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var url = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/health");
        var deadline = Stopwatch.StartNew();
        var lastOutcome = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Name} exited with code {_process.ExitCode} before {url} became healthy. Log tail:\n{Log.Tail()}");
            }

            try
            {
                using var response = await Http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastOutcome = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lastOutcome = exception.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException(
            $"{Name} (pid {Id}) was not healthy at {url} within {timeout.TotalSeconds} s (last: {lastOutcome}). Log tail:\n{Log.Tail()}");
    }

    /// <summary>SIGKILL of the process tree: the "kill -9" crash. Returns once it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// Sends SIGTERM and waits for a graceful exit; returns the exit code. After <paramref name="timeout"/>
    /// (default 30 s) the process is killed and a <see cref="TimeoutException"/> is thrown.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Terminate(_process.Id);
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{Name} (pid {Id}) did not exit within {limit.TotalSeconds} s of SIGTERM. Log tail:\n{Log.Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process if still running and deletes the working directory if this instance created it.</summary>
    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        if (_ownsWorkingDirectory)
        {
            TempDirectory.DeleteQuietly(WorkingDirectory);
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsInheritedSetting(string key) =>
        key.StartsWith("MailGrid__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Orleans__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || key.Equals("ASPNETCORE_URLS", StringComparison.OrdinalIgnoreCase)
        || key.Equals("ASPNETCORE_HTTP_PORTS", StringComparison.OrdinalIgnoreCase);
}
