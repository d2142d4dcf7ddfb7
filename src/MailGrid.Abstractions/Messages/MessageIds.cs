namespace MailGrid.Messages;

/// <summary>Message ids and body blob keys.</summary>
public static class MessageIds
{
    /// <summary>A time-ordered id (UUID v7, 32 hex digits): unique across ingress processes without coordination.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Bodies are partitioned by arrival hour so no folder or prefix grows without bound.</summary>
    public static string BlobKeyFor(string messageId, DateTimeOffset arrivedAt)
        => $"messages/{arrivedAt.UtcDateTime:yyyyMMdd}/{arrivedAt.UtcDateTime:HH}/{messageId}.eml";
}
