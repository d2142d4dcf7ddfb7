namespace MailGrid.Storage.AzureBlob;

/// <summary>
/// The key rules of <see cref="IBlobStore"/> (relative paths of [a-z0-9/._-]), enforced here as in the file store
/// so that a key valid on one backend is valid on the other and blob names never need escaping.
/// </summary>
internal static class AzureBlobKey
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
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Blob key '{key}' has an empty, '.' or '..' segment.", nameof(key));
            }
        }
    }
}
