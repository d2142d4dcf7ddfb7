namespace MailGrid.Testing;

/// <summary>Locates the built MailGrid host assemblies for <see cref="MailGridProcess"/>.</summary>
public static class HostAssemblies
{
    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The folder holding MailGrid.sln.</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    /// <summary>The build configuration of the running tests ("Debug" or "Release"); hosts are taken from the same.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    /// <summary>src/MailGrid.Server: all-in-one host (localhost silo, SMTP, HTTP API).</summary>
    public static string Server => Locate("MailGrid.Server");

    /// <summary>src/MailGrid.Silo: silo with Redis clustering and HTTP API.</summary>
    public static string Silo => Locate("MailGrid.Silo");

    /// <summary>src/MailGrid.Ingress: Orleans client with Redis clustering and the SMTP listener.</summary>
    public static string Ingress => Locate("MailGrid.Ingress");

    /// <summary>Path of src/<paramref name="projectName"/>/bin/&lt;Configuration&gt;/net10.0/<paramref name="projectName"/>.dll.</summary>
    /// <exception cref="FileNotFoundException">The host was not built in this configuration.</exception>
    public static string Locate(string projectName)
    {
        var path = Path.Combine(RepositoryRoot, "src", projectName, "bin", Configuration, "net10.0", projectName + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{projectName} is not built for {Configuration}: expected {path}. " +
                $"Run 'dotnet build src/{projectName} -c {Configuration}' (or build MailGrid.sln).", path);
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MailGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No MailGrid.sln above {AppContext.BaseDirectory}.");
    }
}
