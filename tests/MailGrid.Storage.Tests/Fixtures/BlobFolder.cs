namespace MailGrid.Storage.Tests.Fixtures;

/// <summary>What a reader of a file blob store's folder could see.</summary>
public static class BlobFolder
{
    /// <summary>Every file under <paramref name="root"/> except the temp folder of open uploads.</summary>
    public static List<string> VisibleFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(file => !file.StartsWith(Path.Combine(root, "tmp") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
}
