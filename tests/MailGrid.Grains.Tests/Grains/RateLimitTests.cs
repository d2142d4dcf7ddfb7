using MailGrid.Grains.Tests.Cluster;
using MailGrid.Queues;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>A destination's messages-per-minute limit holds back due mail at the domain grain, and the summary says until when.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string Limited = "rate.sink.test";
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);
    private MailGridCluster? _cluster;

    private MailGridCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
    {
        [$"Limits:Domains:{Limited}:MaxMessagesPerMinute"] = "2",
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_per_minute_sends_two_at_once_and_holds_the_rest_with_a_schedule()
    {
        var queue = Cluster.Client.GetGrain<IDomainQueueGrain>(Limited);
        await queue.PauseAsync(); // all four are due before the first round
        var recipients = Enumerable.Range(0, 4).Select(i => $"r{i}@{Limited}").ToArray();
        foreach (var recipient in recipients)
        {
            await TestMessages.AcceptAsync(Cluster, "rate limited", TestMessages.Remote(recipient));
        }

        var resumedAt = DateTimeOffset.UtcNow;
        await queue.ResumeAsync();
        await Cluster.Sink.WaitForMessagesAsync(2, TimeSpan.FromSeconds(15));
        var summary = await Eventually.ValueAsync(queue.GetSummaryAsync, s => s.RateLimitedUntil is not null && !s.Delivering, TimeSpan.FromSeconds(15), "the queue to report its rate limit");

        Assert.Equal(2, summary.Depth);
        // A bucket of two per minute refills one send every 30 s after the two it gave at once.
        Assert.InRange(summary.RateLimitedUntil!.Value, resumedAt + TimeSpan.FromSeconds(25), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(31));
        Assert.True(summary.NextDueAt <= DateTimeOffset.UtcNow, "the held-back mail is due: only the rate keeps it");

        // Bounded check that nothing else goes out meanwhile, wake-ups included.
        await queue.WakeAsync();
        var quietUntil = DateTime.UtcNow + QuietPeriod;
        while (DateTime.UtcNow < quietUntil)
        {
            Assert.Equal(2, Cluster.Sink.Messages.Count);
            await Task.Delay(50);
        }

        Assert.Equal(2, (await queue.GetSummaryAsync()).Depth);
        Assert.Equal(2, Cluster.Sink.Messages.Count);
        Assert.Equal(2, Cluster.Sink.Messages.SelectMany(m => m.Recipients).Intersect(recipients).Count());
    }
}
