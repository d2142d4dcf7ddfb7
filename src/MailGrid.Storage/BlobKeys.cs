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
        if (key.Length > 1024)
        {
            throw new ArgumentException("Blob key is longer than 1024 characters.", nameof(key));
        }

        foreach (var c in key)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '/' or '.' or '_' or '-'))
            {
                throw new ArgumentException($"Blob key '{key}' has a character outside [a-z0-9/._-].", nameof(key));
            }
        }

        foreach (var segment in key.Split('/'))
        {
            // Empty segments catch absolute keys ("/x"), trailing slashes and "a//b"; dot segments catch traversal.
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Blob key '{key}' has an empty, '.' or '..' segment.", nameof(key));
            }
        }
    }
}
