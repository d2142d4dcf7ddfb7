namespace MailGrid.AppHost.Tests;

/// <summary>Files of the repository the tests check (found by walking up to MailGrid.sln).</summary>
internal static class RepositoryFiles
{
    public static string PathOf(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MailGrid.sln")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new InvalidOperationException($"MailGrid.sln not found above {AppContext.BaseDirectory}.");
    }
}
