using System.Text.RegularExpressions;
using MailGrid.Testing;
using MailKit.Security;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// What the real server prints (its console log, captured from the child process): one Information line per accepted
/// message at the default levels, none from Polly or Orleans, and debug output per component when configuration asks.
/// </summary>
public sealed partial class LogVolumeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EachAcceptedMessageLogsOneInformationLineAndNothingElseDoes()
    {
        await using var sink = SmtpSink.Start();
        await using var server = await AllInOneServer.StartAsync(sink.Port);
        var log = server.Process!.Log;
        var before = log.Count;

        // A connection per message (as smtp-source and most applications send): local, relayed and authenticated.
        var local = new List<string>();
        var relayed = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            local.Add(QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "alice@example.test", $"local {i}", "hello"))));
            relayed.Add(QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", $"r{i}@remote.test", $"relayed {i}", "hello"))));
        }

        using (var submission = await SubmissionClient.ConnectAsync(server.SubmissionPort, SecureSocketOptions.StartTls))
        {
            await submission.AuthenticateAsync("alice@example.test", AllInOneServer.AlicePassword);
            local.Add(QueuedAs.Id(await submission.SendAsync(MessageBytes.NewMessage("alice@example.test", "bob@example.test", "submitted", "hello"))));
            await submission.DisconnectAsync(quit: true);
        }

        string[] ids = [.. local, .. relayed];
        await Eventually.TrueAsync(() => sink.Messages.Count >= relayed.Count, Deadline, $"{relayed.Count} relayed messages at the sink");
        foreach (var id in ids)
        {
            // Every recipient final: the delivery outcomes have been applied (and would have logged by now).
            await Eventually.ValueAsync(
                () => server.GetJsonAsync($"api/messages/{id}"),
                r => r.GetProperty("recipients").EnumerateArray().All(s => s.GetProperty("state").GetString() == "Delivered"),
                Deadline,
                $"{id} delivered");
        }

        var lines = InformationOrAbove(log, before);
        Assert.True(lines.Count <= ids.Length, $"{lines.Count} Information+ lines for {ids.Length} messages:\n{string.Join('\n', lines)}");
        Assert.DoesNotContain(lines, l => l.Contains("Polly", StringComparison.Ordinal) || l.Contains(": Orleans", StringComparison.Ordinal));
        foreach (var id in ids)
        {
            // The one line it has: accepted, with the client (and user) that sent it.
            var line = Assert.Single(lines, l => l.Contains(id, StringComparison.Ordinal));
            Assert.Contains(" accepted, ", line, StringComparison.Ordinal);
        }

        Assert.Contains(lines, l => l.Contains(" as alice@example.test: message ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfigurationTurnsOnDebugPerComponentAndOverridesTheDefaults()
    {
        await using var sink = SmtpSink.Start();
        await using var server = await AllInOneServer.StartAsync(sink.Port, new Dictionary<string, string>
        {
            ["Logging__LogLevel__MailGrid.Grains.Queues"] = "Debug",
            // Warning by default (ServiceDefaults' LoggingDefaults); configuration wins.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        });
        var log = server.Process!.Log;

        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "dbg@remote.test", "debug", "hello")));
        await Eventually.TrueAsync(() => log.Contains($"{id} to remote.test: 1 delivered"), Deadline, "the Debug line of the relay of " + id);

        Assert.True(log.Contains("dbug: MailGrid.Grains.Queues.DomainQueueGrain"), log.Tail());
        Assert.False(log.Contains("dbug: MailGrid.Smtp"), "only the component asked for logs at Debug");
        await server.GetJsonAsync($"api/messages/{id}");
        await Eventually.TrueAsync(() => log.Contains("info: Microsoft.AspNetCore"), Deadline, "ASP.NET Core request lines, as configured");
    }

    /// <summary>The console formatter's first line of each entry at Information or above, after the first <paramref name="skip"/> lines.</summary>
    private static List<string> InformationOrAbove(ProcessLog log, int skip)
    {
        var entries = new List<string>();
        var all = log.ToString().Split('\n');
        for (var i = skip; i < all.Length; i++)
        {
            if (EntryStart().IsMatch(all[i]))
            {
                // "info: Category[id]" then the message, indented, on the next line.
                entries.Add(i + 1 < all.Length ? $"{all[i]} {all[i + 1].Trim()}" : all[i]);
            }
        }

        return entries;
    }

    [GeneratedRegex(@"^\[(out|err)\] (info|warn|fail|crit): ", RegexOptions.CultureInvariant)]
    private static partial Regex EntryStart();
}
