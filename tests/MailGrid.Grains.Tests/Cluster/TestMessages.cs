using MailGrid.Testing;
using System.Text;
using MailGrid.Messages;
using MailGrid.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Grains.Tests.Cluster;

/// <summary>Builds envelopes the way the SMTP handoff does: body committed to the blob store first.</summary>
public static class TestMessages
{
    public const string Sender = "sender@origin.test";

    public static EnvelopeRecipient Local(string address) => new() { Address = address, Route = RecipientRouteKind.Mailbox, Target = address.ToLowerInvariant() };

    public static EnvelopeRecipient Remote(string address) => new()
    {
        Address = address,
        Route = RecipientRouteKind.Remote,
        Target = address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant(),
    };

    /// <summary>A unique domain under the sink's parent route, so each test has a queue of its own.</summary>
    public static string SinkDomain(string test) => $"{test}-{Guid.NewGuid().ToString("N")[..8]}.{MailGridCluster.SinkDomain}";

    /// <summary>Stores a small body and returns the envelope for it (not yet accepted).</summary>
    public static async Task<MessageEnvelope> StoreAsync(MailGridCluster cluster, string subject, EnvelopeRecipient[] recipients, DateTimeOffset? arrivedAt = null)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var key = $"messages/test/{id}.eml";
        var body = Encoding.ASCII.GetBytes(
            $"From: <{Sender}>\r\nTo: <{recipients[0].Address}>\r\nSubject: {subject}\r\nMessage-ID: <{id}@origin.test>\r\n\r\nHello from the grains tests.\r\n");

        var blobs = cluster.SiloServices.GetRequiredService<IBlobStore>();
        await using (var upload = await blobs.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(body);
            await upload.CommitAsync(CancellationToken.None);
        }

        return new MessageEnvelope
        {
            MessageId = id,
            ReversePath = Sender,
            Recipients = recipients,
            BlobKey = key,
            Size = body.Length,
            ArrivedAt = arrivedAt ?? DateTimeOffset.UtcNow,
            ClientAddress = "127.0.0.1",
            ClientHelo = "client.origin.test",
        };
    }

    /// <summary>Stores a body and has the message grain accept it, as the handoff does before answering 250.</summary>
    public static async Task<MessageEnvelope> AcceptAsync(MailGridCluster cluster, string subject, params EnvelopeRecipient[] recipients)
    {
        var envelope = await StoreAsync(cluster, subject, recipients);
        await cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).AcceptAsync(envelope);
        return envelope;
    }

    /// <summary>Waits until every recipient's state satisfies <paramref name="done"/>; returns the statuses by address.</summary>
    public static async Task<Dictionary<string, RecipientStatus>> WaitForRecipientsAsync(
        MailGridCluster cluster, string messageId, Func<IReadOnlyDictionary<string, RecipientStatus>, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var grain = cluster.Client.GetGrain<IMessageGrain>(messageId);
        return await Eventually.WaitAsync(
            async () => ((await grain.GetRecordAsync())?.Recipients ?? []).ToDictionary(r => r.Address, StringComparer.OrdinalIgnoreCase),
            statuses => statuses.Count > 0 && done(statuses),
            $"{messageId}: {awaited}",
            timeout);
    }
}
