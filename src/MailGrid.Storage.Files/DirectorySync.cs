using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MailGrid.Storage.Files;

/// <summary>
/// Flushes a directory's entries to stable storage, so a rename or a new file survives a power loss.
/// .NET cannot open a directory as a file handle on Unix (File.OpenHandle refuses directories), so this
/// calls libc open(O_RDONLY) + fsync + close directly. Windows has no directory fsync (NTFS journals
/// metadata), so there it is a no-op.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY is 0 on every Unix; O_DIRECTORY differs per architecture, so it is not used.
    private const int Interrupted = 4; // EINTR

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd;
        do
        {
            fd = Open(directory, ReadOnly);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (fd < 0)
        {
            throw new IOException($"open({directory}) failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
