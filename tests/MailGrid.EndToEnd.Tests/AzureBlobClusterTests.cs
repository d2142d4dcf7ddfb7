using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// The cluster with bodies in Azure Blob Storage (Azurite), chosen by configuration alone: one silo and one ingress
/// as real processes, sharing Redis and the blob container and no folder.
/// </summary>
public sealed class AzureBlobClusterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MailAcceptedByTheIngressIsReadBackThroughTheSiloFromAzureBlobStorage()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var sink = SmtpSink.Start();
        using var unusedBlobFolder = TempDirectory.Create("mailgrid-blobs-");

        var siloHttp = FreeTcpPort.Next();
        var (ingressHttp, ingressSmtp) = (FreeTcpPort.Next(), FreeTcpPort.Next());
        await using var silo = MailGridProcess.Start(HostAssemblies.Silo, OnAzure(ClusterNode.Silo(redis.ConnectionString, unusedBlobFolder.Path, siloHttp, sink.Port), azurite));
        await silo.WaitForHealthyAsync(siloHttp, ClusterNode.StartTimeout);
        await using var ingress = MailGridProcess.Start(HostAssemblies.Ingress, OnAzure(ClusterNode.Ingress(redis.ConnectionString, unusedBlobFolder.Path, ingressHttp, ingressSmtp), azurite));
        await ingress.WaitForHealthyAsync(ingressHttp, ClusterNode.StartTimeout);

        // Several 64 KiB blocks' worth of body, so the ingress stages blocks while DATA streams in.
        var body = string.Join("\r\n", Enumerable.Range(0, 6_000).Select(i => $"line {i} of a body that spans several blocks"));
        var message = MessageBytes.NewMessage("sender@client.test", "alice@example.test", "via azure", body);
        var id = QueuedAs.Id(await SmtpTestClient.SendWithRetryAsync(ingressSmtp, message, Deadline));

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{siloHttp}/"), Timeout = TimeSpan.FromSeconds(30) };
        var uid = await Eventually.ValueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>(new Uri("api/mailboxes/alice@example.test/messages", UriKind.Relative)))
                .GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("messageId").GetString() == id).Select(m => m.GetProperty("uid").GetInt64()).FirstOrDefault(),
            found => found != 0,
            Deadline,
            $"{id} in alice's mailbox; silo log:\n{silo.Log.Tail(30)}");
        var stored = await api.GetByteArrayAsync(new Uri($"api/mailboxes/alice@example.test/messages/{uid}", UriKind.Relative));

        Assert.True(stored.Length > 3 * 64 * 1024, $"the body should span several blocks, got {stored.Length} bytes");
        Assert.Equal(MessageBytes.WireBytes(message), MessageBytes.WithoutLeadingReceived(stored));
        Assert.Contains($"with ESMTP id {id}", Encoding.Latin1.GetString(stored[..300]), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(unusedBlobFolder.Path));
    }

    private static Dictionary<string, string> OnAzure(Dictionary<string, string> environment, AzuriteServer azurite)
    {
        environment["MailGrid__Storage__Blobs__Provider"] = "AzureBlob";
        environment["MailGrid__Storage__Blobs__Azure__ConnectionString"] = azurite.ConnectionString;
        environment["MailGrid__Storage__Blobs__Azure__Container"] = "e2e";
        environment["MailGrid__Storage__Blobs__Azure__BlockSize"] = "65536";
        return environment;
    }
}
