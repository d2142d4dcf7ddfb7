using System.Diagnostics;

namespace MailGrid.Testing;

/// <summary>Starting and stopping the helper servers tests run (redis-server, azurite) with their output captured.</summary>
internal static class LoggedProcess
{
    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>; throws Win32Exception when it cannot be run.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, ProcessLog log)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => log.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => log.Append("err", e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process tree if it still runs, waits briefly, and disposes it.</summary>
    public static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
