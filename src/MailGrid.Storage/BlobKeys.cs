namespace MailGrid.Storage;

/// <summary>
/// The key rules of <see cref="IBlobStore"/>, shared by every backend: relative paths of [a-z0-9/._-], so a key
/// valid on one backend is valid on all, can never name a file outside a blob root, and never needs escaping.
/// </summary>
public static class BlobKeys
{
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Problem(key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(key));
        }
    }

    /// <summary>True for a key <see cref="Validate"/> accepts; listings use it to pass over names no upload can have made.</summary>
    public static bool IsValid(string key) => !string.IsNullOrEmpty(key) && Problem(key) is null;

    private static string? Problem(string key)
    {
        if (key.Length > 1024)
        {
            return "Blob key is longer than 1024 characters.";
        }

        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '/' or '.' or '_' or '-'))
            {
                return $"Blob key '{key}' has a character outside [a-z0-9/._-].";
            }
        }

        foreach (var segment in key.Split('/'))
        {
            // Empty segments catch absolute keys ("/x"), trailing slashes and "a//b"; dot segments catch traversal.
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return $"Blob key '{key}' has an empty, '.' or '..' segment.";
            }
        }

        return null;
    }
}
