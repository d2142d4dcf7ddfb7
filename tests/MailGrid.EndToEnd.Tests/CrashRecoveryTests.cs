using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// A message answered 250 survives kill -9 of the all-in-one process and is delivered after a restart; one the next hop
/// has answered 250 is not delivered again.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int MessageCount = 25;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task QueuedMessagesSurviveKillAndAreDeliveredAfterRestart()
    {
        await using var sink = SmtpSink.Start();
        sink.RejectConnections = true; // the remote side is down: everything stays queued
        await using var server = await AllInOneServer.StartAsync(sink.Port);

        var ids = new List<string>();
        for (var i = 0; i < MessageCount; i++)
        {
            var message = MessageBytes.NewMessage("sender@client.test", $"r{i}@remote.test", $"crash {i}", $"message {i}");
            message.Cc.Add(MimeKit.MailboxAddress.Parse("alice@example.test"));
            ids.Add(QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, message)));
        }

        var queue = await server.GetJsonAsync("api/queues/remote.test");
        Assert.Equal(MessageCount, queue.GetProperty("summary").GetProperty("depth").GetInt64());

        server.Kill();
        sink.RejectConnections = false;
        await server.RestartAsync();

        // Local copies were durable before 250 and are all still there.
        var stored = await server.GetJsonAsync("api/mailboxes/alice@example.test/messages?limit=10000");
        var storedIds = stored.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, storedIds));

        // Queued copies are found by the recovery scan and delivered, none lost.
        await Eventually.TrueAsync(
            () => Enumerable.Range(0, MessageCount).All(i => sink.Messages.Any(m => m.Recipients.Contains($"r{i}@remote.test"))),
            Deadline,
            $"all {MessageCount} remote recipients at the sink after the restart; log:\n{server.LogTail()}");
        await Eventually.ValueAsync(() => server.GetJsonAsync("api/queues/remote.test"), q => q.GetProperty("summary").GetProperty("depth").GetInt64() == 0, Deadline, "the queue to drain");
    }

    [Fact]
    public async Task KillDuringDeliveryLosesNothing()
    {
        await using var sink = SmtpSink.Start();
        await using var server = await AllInOneServer.StartAsync(sink.Port);

        // Send while deliveries run, and kill in the middle of them.
        var ids = new List<string>();
        for (var i = 0; i < MessageCount; i++)
        {
            ids.Add(QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", $"k{i}@remote.test", $"kill {i}", $"message {i}"))));
        }

        server.Kill();
        await server.RestartAsync();

        await Eventually.TrueAsync(
            () => Enumerable.Range(0, MessageCount).All(i => sink.Messages.Any(m => m.Recipients.Contains($"k{i}@remote.test"))),
            Deadline,
            $"all {MessageCount} recipients delivered at least once; log:\n{server.LogTail()}");
        Assert.Equal(MessageCount, ids.Distinct().Count());
    }

    [Fact]
    public async Task KillInTheMiddleOfBatchesSendsNoDeliveredMessageAgain()
    {
        const int messages = 40;
        const int acceptedBeforeKill = 12;
        using var release = new ManualResetEventSlim();
        var holding = true;
        var recipientsSeen = 0;
        await using var sink = SmtpSink.Start();
        // A slow receiver at its worst: after 12 messages every session stops in its RCPT, so each of the 4 connection
        // slots is in the middle of its batch of 10 when the server dies. Held messages never reach DATA: the sink
        // has taken them from nobody.
        sink.RecipientReply = _ =>
        {
            if (Volatile.Read(ref holding) && Interlocked.Increment(ref recipientsSeen) > acceptedBeforeKill)
            {
                release.Wait(TimeSpan.FromSeconds(60));
            }

            return null;
        };
        await using var server = await AllInOneServer.StartAsync(sink.Port, new Dictionary<string, string>
        {
            ["MailGrid__Delivery__Limits__Default__MaxConnections"] = "4",
            ["MailGrid__Delivery__Limits__Default__MaxMessagesPerConnection"] = "100",
        });
        try
        {
            // Queued first, then released at once: the slots share them out as full batches.
            (await server.Http.PostAsync(new Uri("api/queues/remote.test/pause", UriKind.Relative), null)).EnsureSuccessStatusCode();
            var sent = new List<string>();
            for (var i = 0; i < messages; i++)
            {
                var message = MessageBytes.NewMessage("sender@client.test", $"b{i}@remote.test", $"batch {i}", $"message {i}");
                await SmtpTestClient.SendAsync(server.SmtpPort, message);
                sent.Add(message.MessageId!);
            }

            (await server.Http.PostAsync(new Uri("api/queues/remote.test/resume", UriKind.Relative), null)).EnsureSuccessStatusCode();

            // Every 250 so far is recorded although no batch has ended: the outcomes went in one by one.
            await sink.WaitForMessagesAsync(acceptedBeforeKill, Deadline);
            await Eventually.ValueAsync(
                () => server.GetJsonAsync("api/queues/remote.test"),
                q => q.GetProperty("summary").GetProperty("depth").GetInt64() == messages - acceptedBeforeKill,
                Deadline,
                $"the {acceptedBeforeKill} delivered messages to leave the queue while their batches are still in their sessions");
            Assert.Equal(acceptedBeforeKill, sink.Messages.Count);

            server.Kill();
            Volatile.Write(ref holding, false);
            release.Set();
            await server.RestartAsync();

            await Eventually.ValueAsync(
                () => server.GetJsonAsync("api/queues/remote.test"),
                q => q.GetProperty("summary").GetProperty("depth").GetInt64() == 0,
                Deadline,
                "the queue to drain after the restart");
            var copies = sink.Messages.GroupBy(m => m.ToMimeMessage().MessageId ?? "(none)").ToDictionary(g => g.Key, g => g.Count());
            Assert.All(sent, id => Assert.True(copies.GetValueOrDefault(id) >= 1, $"{id} was never delivered"));
            var duplicates = copies.Values.Sum(count => count - 1);
            Assert.True(duplicates == 0, $"{duplicates} message(s) delivered twice after one kill: {string.Join(", ", copies.Where(c => c.Value > 1).Select(c => c.Key))}");
        }
        finally
        {
            release.Set();
        }
    }
}
