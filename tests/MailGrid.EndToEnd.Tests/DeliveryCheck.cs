using System.Net.Http.Json;
using System.Text.Json;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Checks that accepted messages reached their local mailboxes (through a silo's HTTP API) and the remote sink.</summary>
internal static class DeliveryCheck
{
    /// <summary>
    /// Polls every mailbox the messages went to until each holds its message; returns each mailbox's message ids
    /// in store order (an id may appear more than once).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> WaitForMailboxesAsync(
        HttpClient api, IReadOnlyList<AcceptedMessage> accepted, TimeSpan deadline)
    {
        var mailboxes = accepted.Select(m => m.LocalRecipient).Distinct(StringComparer.Ordinal).ToArray();
        return await Eventually.ValueAsync(
            async () =>
            {
                var contents = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var mailbox in mailboxes)
                {
                    contents[mailbox] = await ListAsync(api, mailbox);
                }

                return contents;
            },
            contents => accepted.All(m => contents[m.LocalRecipient].Contains(m.MessageId, StringComparer.Ordinal)),
            deadline,
            $"each of {accepted.Count} accepted messages in its local mailbox");
    }

    /// <summary>Waits until every accepted message's remote recipient reached the sink at least once.</summary>
    public static Task WaitForSinkAsync(SmtpSink sink, IReadOnlyList<AcceptedMessage> accepted, TimeSpan deadline, Func<string> logTail)
        => Eventually.TrueAsync(
            () => Missing(accepted, sink).Count == 0,
            deadline,
            $"each of {accepted.Count} remote recipients at the sink (missing: {string.Join(", ", Missing(accepted, sink).Take(10))}); silo log:\n{logTail()}");

    /// <summary>Losses and extra copies, mailboxes and sink.</summary>
    public static DeliveryReport Report(IReadOnlyList<AcceptedMessage> accepted, IReadOnlyDictionary<string, IReadOnlyList<string>> mailboxes, SmtpSink sink)
    {
        var acceptedIds = accepted.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        var stored = mailboxes.Values.SelectMany(ids => ids).ToList();
        var remote = accepted.Select(m => m.RemoteRecipient).ToHashSet(StringComparer.Ordinal);
        var relayed = sink.Messages.SelectMany(m => m.Recipients).Where(remote.Contains).ToList();
        return new DeliveryReport(
            Accepted: accepted.Count,
            LostLocal: accepted.Count(m => !mailboxes[m.LocalRecipient].Contains(m.MessageId, StringComparer.Ordinal)),
            LostRemote: Missing(accepted, sink).Count,
            DuplicateMailboxEntries: stored.Count(acceptedIds.Contains) - stored.Where(acceptedIds.Contains).Distinct(StringComparer.Ordinal).Count(),
            MailboxCopiesOfRetriedTransactions: stored.Count(id => !acceptedIds.Contains(id)),
            DuplicateRemoteDeliveries: relayed.Count - relayed.Distinct(StringComparer.Ordinal).Count());
    }

    private static List<string> Missing(IReadOnlyList<AcceptedMessage> accepted, SmtpSink sink)
    {
        var relayed = sink.Messages.SelectMany(m => m.Recipients).ToHashSet(StringComparer.Ordinal);
        return [.. accepted.Select(m => m.RemoteRecipient).Where(r => !relayed.Contains(r))];
    }

    private static async Task<IReadOnlyList<string>> ListAsync(HttpClient api, string mailbox)
    {
        var page = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/mailboxes/{mailbox}/messages?limit=10000", UriKind.Relative));
        return [.. page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString() ?? "")];
    }
}
