using System.Diagnostics;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Runs an independent client program (swaks, python3, the host's CLI) to completion and captures what it printed.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null)
    {
        Assert.True(File.Exists(fileName), $"{fileName} is needed for this test (eng/test.sh installs it).");
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        using var limit = new CancellationTokenSource(Limit);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {Limit.TotalSeconds} s.");
        }

        return new Result(process.ExitCode, await output, await errors);
    }
}
