using MailGrid.Testing;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>Per-destination limits hold against a real receiver: connections, messages per connection, suspension.</summary>
public sealed class DestinationLimitsTests : IAsyncLifetime
{
    private const string Throttled = "throttled.sink.test";
    private const string Unreachable = "down.sink.test";
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
    {
        ["FirstRetryDelay"] = "00:00:00.100",
        ["MaxRetryDelay"] = "00:00:00.200",
        [$"Limits:Domains:{Throttled}:MaxConnections"] = "2",
        [$"Limits:Domains:{Throttled}:MaxMessagesPerConnection"] = "3",
        [$"Limits:Domains:{Unreachable}:MaxConnections"] = "2",
        ["Limits:SuspendAfterConnectionFailures"] = "2",
        ["Limits:FirstSuspension"] = "01:00:00",
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_receiver_never_sees_more_connections_than_the_limit()
    {
        Cluster.Sink.DataReplyDelay = TimeSpan.FromMilliseconds(100); // a slow receiver keeps sessions open
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Throttled);
        await queue.PauseAsync(); // queue all twelve first, so the rounds are full
        var recipients = Enumerable.Range(0, 12).Select(i => $"r{i}@{Throttled}").ToArray();
        foreach (var recipient in recipients)
        {
            await TestMessages.AcceptAsync(Cluster, "throttled", TestMessages.Remote(recipient));
        }

        var before = Cluster.Sink.ConnectionCount;
        await queue.ResumeAsync();

        await Eventually.TrueAsync(
            () => recipients.All(r => Cluster.Sink.Messages.Any(m => m.Recipients.Contains(r))),
            TimeSpan.FromSeconds(30),
            "all 12 throttled messages at the sink");
        Assert.InRange(Cluster.Sink.MaxActiveConnections, 1, 2);

        // Two rounds of two slots, three messages per connection: four connections for twelve messages.
        Assert.Equal(4, Cluster.Sink.ConnectionCount - before);
    }

    [Fact]
    public async Task An_unreachable_destination_is_suspended_instead_of_hammered()
    {
        Cluster.Sink.RejectConnections = true;
        try
        {
            for (var i = 0; i < 6; i++)
            {
                await TestMessages.AcceptAsync(Cluster, "down", TestMessages.Remote($"d{i}@{Unreachable}"));
            }

            var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Unreachable);
            var summary = await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.SuspendedUntil is not null, TimeSpan.FromSeconds(30), "the domain to be suspended");
            var connections = Cluster.Sink.ConnectionCount;

            Assert.Equal(6, summary.Depth);
            Assert.True(summary.SuspendedUntil > DateTimeOffset.UtcNow.AddMinutes(30));

            // While suspended, wake-ups do not reach the receiver.
            await queue.WakeAsync();
            await queue.GetSummaryAsync();
            Assert.Equal(connections, Cluster.Sink.ConnectionCount);

            // An administrator's retry ends the suspension; with the receiver back everything goes.
            Cluster.Sink.RejectConnections = false;
            await queue.RetryNowAsync(null);
            await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.Depth == 0, TimeSpan.FromSeconds(30), "the queue to drain after the retry");
        }
        finally
        {
            Cluster.Sink.RejectConnections = false;
        }
    }
}
