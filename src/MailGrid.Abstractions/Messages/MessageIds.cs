using System.Globalization;

namespace MailGrid.Messages;

/// <summary>Message ids and body blob keys.</summary>
public static class MessageIds
{
    private const string BodySuffix = ".eml";

    /// <summary>A time-ordered id (UUID v7, 32 hex digits): unique across ingress processes without coordination.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Bodies are partitioned by arrival hour so no folder or prefix grows without bound.</summary>
    public static string BlobKeyFor(string messageId, DateTimeOffset arrivedAt)
        => $"messages/{arrivedAt.UtcDateTime:yyyyMMdd}/{arrivedAt.UtcDateTime:HH}/{messageId}{BodySuffix}";

    /// <summary>
    /// The message id a body blob key names (its last segment, <c>&lt;id&gt;.eml</c>) and when that id was made (the
    /// UUID v7 timestamp, which precedes the body's upload); false for a key that is not a body's.
    /// </summary>
    public static bool TryParseBlobKey(string key, out string messageId, out DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        messageId = "";
        createdAt = default;
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (!name.EndsWith(BodySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var id = name[..^BodySuffix.Length];
        if (id.Length != 32 || !Guid.TryParseExact(id, "N", out var guid) || guid.Version != 7
            || !id.Equals(guid.ToString("N"), StringComparison.Ordinal))
        {
            return false;
        }

        // UUID v7 (RFC 9562 §5.7): the first 48 bits are the Unix time in milliseconds.
        createdAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id.AsSpan(0, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        messageId = id;
        return true;
    }
}
