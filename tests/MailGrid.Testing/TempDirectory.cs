namespace MailGrid.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    /// <summary>Creates a new empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public static TempDirectory Create(string prefix = "mailgrid-test-") =>
        new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <inheritdoc />
    public void Dispose() => DeleteQuietly(Path);

    internal static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
