namespace MailGrid.EndToEnd.Tests;

internal static class QueuedAs
{
    /// <summary>The message id from a "250 2.0.0 Ok: queued as ID" reply (with or without the code).</summary>
    public static string Id(string reply)
    {
        const string marker = "queued as ";
        var at = reply.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"Not a queued reply: {reply}");
        return reply[(at + marker.Length)..].Trim();
    }
}
