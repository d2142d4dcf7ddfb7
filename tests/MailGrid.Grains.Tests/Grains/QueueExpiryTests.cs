using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MimeKit;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>
/// With a one-second lifetime, a recipient that is only ever deferred fails as expired (4.4.7) once the lifetime is over,
/// and its sender's report says so and quotes the last reply.
/// </summary>
public sealed class QueueExpiryTests : IAsyncLifetime
{
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
    {
        ["FirstRetryDelay"] = "00:00:00.100",
        ["MaxRetryDelay"] = "00:00:00.200",
        ["MaxLifetime"] = "00:00:01",
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Always_deferred_recipient_fails_as_expired_after_max_lifetime()
    {
        var domain = TestMessages.SinkDomain("expire");
        var recipient = $"defer@{domain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "expiring", TestMessages.Remote(recipient));

        var statuses = await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId,
            s => s[recipient].State == RecipientState.Failed, "the recipient to expire");

        var status = statuses[recipient];
        Assert.Contains("4.4.7", status.Detail, StringComparison.Ordinal);
        Assert.Contains("450 4.2.0", status.Detail, StringComparison.Ordinal);
        // Usually retried a few times first; on a loaded machine the first attempt may already be past the lifetime.
        Assert.True(status.Attempts >= 1, $"attempts: {status.Attempts}");
        Assert.True(status.UpdatedAt - envelope.ArrivedAt >= TimeSpan.FromSeconds(1), "not before the lifetime is over");
        Assert.Equal(status.Attempts, Cluster.Replies.TriesOf(recipient));
        await Eventually.WaitAsync(
            async () => await Cluster.QueueStore.GetActiveDomainsAsync(CancellationToken.None),
            active => !active.Contains(domain),
            $"{domain} to leave the registry after expiry");
    }

    [Fact]
    public async Task The_report_of_an_expired_recipient_says_failed_4_4_7_and_quotes_the_last_remote_reply()
    {
        var domain = TestMessages.SinkDomain("expiredsn");
        var recipient = $"defer@{domain}";
        var sender = $"owner@{TestMessages.SinkDomain("expiresender")}";
        var envelope = (await TestMessages.StoreAsync(Cluster, "expiring with a report", [TestMessages.Remote(recipient)])) with { ReversePath = sender };
        await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).AcceptAsync(envelope);

        await Eventually.TrueAsync(() => Cluster.Sink.Messages.Any(m => m.Recipients.Contains(sender)), TimeSpan.FromSeconds(30), "the expiry DSN at the sender's server");

        var report = Assert.IsType<MultipartReport>(Cluster.Sink.Messages.Single(m => m.Recipients.Contains(sender)).ToMimeMessage().Body);
        var group = Assert.Single(report.OfType<MessageDeliveryStatus>()).StatusGroups.Where(g => g.Count > 0).Skip(1).Single();
        Assert.Equal($"rfc822;{recipient}", group["Final-Recipient"]);
        Assert.Equal("failed", group["Action"]);
        Assert.Equal("4.4.7", group["Status"]);
        Assert.Equal($"smtp; 450 4.2.0 <{recipient}>: mailbox busy", group["Diagnostic-Code"]);
        Assert.Equal("dns; 127.0.0.1", group["Remote-MTA"]);
    }
}
