using System.Runtime.InteropServices;

namespace MailGrid.Testing;

/// <summary>Signals for child processes; .NET's Process only offers SIGKILL.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to shut down gracefully, as Kubernetes or systemd would.</summary>
    public static void Terminate(int processId)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("SIGTERM needs a POSIX system.");
        }

        if (Kill(processId, SigTerm) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({processId}, SIGTERM) failed with errno {errno}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
