using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>With a one-second lifetime, a recipient that is only ever deferred fails as expired (4.4.7) once the lifetime is over.</summary>
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
}
