using MailGrid.Testing;
using MailKit.Net.Smtp;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Temporary trouble answers 451 4.3.0, never 250; the server recovers when the trouble ends.</summary>
public sealed class StorageTroubleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UnwritableBlobFolderAnswers451ForSpilledBodiesAndRecovers()
    {
        await using var sink = SmtpSink.Start();
        await using var server = await AllInOneServer.StartAsync(sink.Port);
        var messages = Path.Combine(server.Data.Path, "data", "blobs", "messages");
        // Over the default inline limit (256 KiB), so the body spills to a file under blobs/messages.
        var large = string.Join("\r\n", Enumerable.Repeat(new string('x', 76), 4_000));

        // A file where the message folder should be: every file commit fails with an I/O error.
        if (Directory.Exists(messages))
        {
            Directory.Delete(messages, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(messages)!);
        await File.WriteAllTextAsync(messages, "in the way");
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "alice@example.test", "storage down", large)));
        Assert.Equal(451, (int)refused.StatusCode);
        Assert.Contains("4.3.0", refused.Message, StringComparison.Ordinal);

        // Small bodies live in the database, which is fine: they are still taken.
        var small = QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "alice@example.test", "small", "y")));

        File.Delete(messages);
        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "alice@example.test", "storage back", large)));
        var ids = await MailboxIdsAsync(server);
        Assert.Contains(small, ids);
        Assert.Contains(id, ids);
    }

    [Fact]
    public async Task RedisDownAnswers451InClusterMode()
    {
        var redis = await RedisServer.StartAsync();
        await using var sink = SmtpSink.Start();
        using var blobs = TempDirectory.Create("mailgrid-blobs-");
        var siloHttp = FreeTcpPort.Next();
        var ingressHttp = FreeTcpPort.Next();
        var smtp = FreeTcpPort.Next();
        await using var silo = MailGridProcess.Start(HostAssemblies.Silo, ClusterNode.Silo(redis.ConnectionString, blobs.Path, siloHttp, sink.Port));
        await silo.WaitForHealthyAsync(siloHttp, ClusterNode.StartTimeout);
        var ingressEnvironment = ClusterNode.Ingress(redis.ConnectionString, blobs.Path, ingressHttp, smtp);
        await using var ingress = MailGridProcess.Start(HostAssemblies.Ingress, ingressEnvironment);
        await ingress.WaitForHealthyAsync(ingressHttp, ClusterNode.StartTimeout);

        // Warm up: the directory grain is active, so RCPT still works without Redis; the record write cannot.
        QueuedAs.Id(await SmtpTestClient.SendWithRetryAsync(smtp, MessageBytes.NewMessage("sender@client.test", "alice@example.test", "warm", "up"), Deadline));

        await redis.DisposeAsync();
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            SmtpTestClient.SendAsync(smtp, MessageBytes.NewMessage("sender@client.test", "alice@example.test", "redis down", "x")));
        Assert.InRange((int)refused.StatusCode, 400, 499);
    }

    private static async Task<HashSet<string?>> MailboxIdsAsync(AllInOneServer server)
    {
        var list = await server.GetJsonAsync("api/mailboxes/alice@example.test/messages?limit=10000");
        return list.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToHashSet();
    }
}
