using System.Runtime.InteropServices;

namespace MailGrid.Storage.Local.Sqlite;

/// <summary>
/// Sub-millisecond sleeps for the group-commit writer's dedicated thread. Thread.Sleep and timers round to whole
/// milliseconds, twice the fsync they are meant to amortise; nanosleep on Linux keeps microseconds.
/// </summary>
internal static partial class PreciseSleep
{
    public static void For(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(duration < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : duration);
            return;
        }

        // An interrupted sleep (EINTR) just ends early: the writer then commits a slightly smaller batch.
        _ = Usleep((uint)Math.Max(1, duration.Ticks / TimeSpan.TicksPerMicrosecond));
    }

    [LibraryImport("libc", EntryPoint = "usleep", SetLastError = false)]
    private static partial int Usleep(uint microseconds);
}
