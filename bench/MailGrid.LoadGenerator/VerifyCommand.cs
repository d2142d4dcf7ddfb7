using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MailGrid.LoadGenerator;

/// <summary>
/// <c>verify</c>: reads the accepted file of <c>send</c> and checks, through a silo's HTTP API, that every
/// message is in its mailbox; polls until then or the timeout. Prints a <c>key=value</c> line; exit 1 on a loss.
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(LoadArguments arguments)
    {
        var accepted = (await File.ReadAllLinesAsync(arguments.Text("accepted")))
            .Select(line => line.Split('\t'))
            .Select(fields => (Mailbox: fields[1], MessageId: fields[2]))
            .ToArray();
        using var api = new HttpClient { BaseAddress = new Uri(arguments.Text("api")), Timeout = TimeSpan.FromSeconds(30) };
        var timeout = TimeSpan.FromSeconds(arguments.Number("timeout-seconds", 60));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var stored = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            try
            {
                foreach (var mailbox in accepted.Select(a => a.Mailbox).Distinct(StringComparer.Ordinal))
                {
                    stored[mailbox] = await ListAsync(api, mailbox);
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(500);
                continue;
            }

            var present = stored.ToDictionary(p => p.Key, p => p.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            var missing = accepted.Count(a => !present[a.Mailbox].Contains(a.MessageId));
            if (missing == 0 || clock.Elapsed >= timeout)
            {
                var entries = stored.Values.Sum(ids => ids.Count);
                // Beyond one entry per accepted message: copies of transactions that got 4xx after part of their fan-out, retried.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"checked={accepted.Length} missing={missing} mailbox_entries={entries} extra_entries={entries - (accepted.Length - missing)}"));
                return missing == 0 ? 0 : 1;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Every message id in the mailbox, following the uid cursor page by page.</summary>
    private static async Task<List<string>> ListAsync(HttpClient api, string mailbox)
    {
        var ids = new List<string>();
        long after = 0;
        while (true)
        {
            using var page = JsonDocument.Parse(await api.GetStringAsync(new Uri($"api/mailboxes/{mailbox}/messages?after={after}&limit=10000", UriKind.Relative)));
            var messages = page.RootElement.GetProperty("messages").EnumerateArray().ToArray();
            if (messages.Length == 0)
            {
                return ids;
            }

            ids.AddRange(messages.Select(m => m.GetProperty("messageId").GetString() ?? ""));
            after = messages[^1].GetProperty("uid").GetInt64();
        }
    }
}
