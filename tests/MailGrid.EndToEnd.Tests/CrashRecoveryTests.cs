using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>A message answered 250 survives kill -9 of the all-in-one process and is delivered after a restart.</summary>
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
}
