using MailGrid.Grains.Sweep;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>Records past retention, sweeps on several silos at once, and the timer.</summary>
public abstract partial class StorageSweepContract
{
    [Fact]
    public async Task A_final_record_stays_until_retention_is_over_and_then_goes_with_its_body()
    {
        // Delivered for real (the grain deletes the body at once), and final with the body still there (a failed delete).
        var domain = TestMessages.SinkDomain("sweep-done");
        var delivered = await TestMessages.AcceptAsync(Cluster, "delivered", TestMessages.Remote($"ok@{domain}"));
        await TestMessages.WaitForRecipientsAsync(Cluster, delivered.MessageId, s => s[$"ok@{domain}"].State == RecipientState.Delivered, "the delivery");
        var leftBody = await StoreFinalAsync(Clock.GetUtcNow());
        using var sweeper = SweeperOn(Silo);

        Clock.Advance(Retention - TimeSpan.FromDays(1));
        await SweepEverythingAsync(sweeper);

        Assert.NotNull(await Messages.GetAsync(delivered.MessageId, CancellationToken.None));
        Assert.NotNull(await Messages.GetAsync(leftBody.MessageId, CancellationToken.None));
        Assert.True(await ExistsAsync(leftBody.BlobKey), "its record still refers to it");

        Clock.Advance(TimeSpan.FromDays(2));
        var passes = await SweepEverythingAsync(sweeper);

        Assert.Null(await Messages.GetAsync(delivered.MessageId, CancellationToken.None));
        Assert.Null(await Messages.GetAsync(leftBody.MessageId, CancellationToken.None));
        Assert.False(await ExistsAsync(leftBody.BlobKey));
        Assert.True(passes.Sum(p => p.RecordsExpired) >= 2);
        Assert.Null(await Cluster.Client.GetGrain<IMessageGrain>(leftBody.MessageId).GetRecordAsync());
    }

    [Fact]
    public async Task Sweeps_on_every_silo_at_once_do_not_fail_and_expire_each_record_once()
    {
        // What earlier tests left is swept first, so the counts that follow are this test's alone.
        Clock.Advance(Retention + TimeSpan.FromDays(1));
        using (var first = SweeperOn(Silo))
        {
            await SweepEverythingAsync(first);
        }

        var orphans = new List<string>();
        var finals = new List<MessageEnvelope>();
        for (var i = 0; i < 8; i++)
        {
            orphans.Add(await UploadBodyAsync(Clock.GetUtcNow() - PastGrace));
            finals.Add(await StoreFinalAsync(Clock.GetUtcNow() - Retention - TimeSpan.FromHours(1)));
        }

        // Three sweepers spread over the silos (two in the Redis cluster), all at once.
        var silos = Cluster.TestCluster.Silos.Select(s => s.ServiceProvider).ToList();
        var sweepers = new[] { SweeperOn(silos[0]), SweeperOn(silos[^1]), SweeperOn(silos[0]) };
        try
        {
            var passes = (await Task.WhenAll(sweepers.Select(SweepEverythingAsync))).SelectMany(p => p).ToList();

            Assert.Equal(finals.Count, passes.Sum(p => p.RecordsExpired));
            Assert.InRange(passes.Sum(p => p.BlobsRemoved), orphans.Count, (orphans.Count + finals.Count) * sweepers.Length);
            foreach (var key in orphans.Concat(finals.Select(f => f.BlobKey)))
            {
                Assert.False(await ExistsAsync(key), $"{key} should be gone");
            }

            foreach (var final in finals)
            {
                Assert.Null(await Messages.GetAsync(final.MessageId, CancellationToken.None));
            }
        }
        finally
        {
            foreach (var sweeper in sweepers)
            {
                sweeper.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_service_runs_a_pass_each_interval()
    {
        await using var services = new ServiceCollection().AddOptions<StorageSweepOptions>().Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsMonitor<StorageSweepOptions>>();
        var orphan = await UploadBodyAsync(Clock.GetUtcNow());
        Clock.Advance(PastGrace);
        using var sweeper = SweeperOn(Silo, options);
        using var service = new StorageSweepService(sweeper, options, Clock, NullLogger<StorageSweepService>.Instance);

        await service.StartAsync(CancellationToken.None);
        try
        {
            // Each probe moves the clock one interval on; only a timed pass can delete the orphan.
            await Eventually.WaitAsync(
                async () =>
                {
                    Clock.Advance(options.CurrentValue.Interval);
                    return await ExistsAsync(orphan);
                },
                exists => !exists,
                "a timed sweep pass to delete the orphaned body");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
