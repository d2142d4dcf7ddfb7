using MailGrid.Testing;
namespace MailGrid.EndToEnd.Tests;

/// <summary>Finds a message in a mailbox of the all-in-one server through the HTTP API.</summary>
internal static class MailboxSearch
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="mailbox"/> holds <paramref name="messageId"/>; returns the stored bytes.</summary>
    public static async Task<byte[]> WaitForMessageAsync(AllInOneServer server, string mailbox, string messageId)
    {
        var list = await Eventually.ValueAsync(
            () => server.GetJsonAsync($"api/mailboxes/{mailbox}/messages?limit=10000"),
            l => l.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("messageId").GetString() == messageId),
            Deadline,
            $"{messageId} in {mailbox}");
        var entry = list.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == messageId);
        return await server.GetMailboxMessageAsync(mailbox, entry.GetProperty("uid").GetInt64());
    }
}
