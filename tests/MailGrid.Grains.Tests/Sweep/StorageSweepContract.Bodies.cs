using MailGrid.Grains.Sweep;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Mailboxes;
using MailGrid.Messages;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>Bodies: which the sweep deletes and which it must keep.</summary>
public abstract partial class StorageSweepContract
{
    [Fact]
    public async Task An_orphaned_body_goes_once_older_than_the_grace_period_and_a_younger_one_stays()
    {
        using var metrics = new SiloMetrics(Silo, SweepTelemetry.Name);
        var old = await UploadBodyAsync(Clock.GetUtcNow());
        Clock.Advance(PastGrace);
        var young = await UploadBodyAsync(Clock.GetUtcNow());
        using var sweeper = SweeperOn(Silo);

        var passes = await SweepEverythingAsync(sweeper);

        Assert.False(await ExistsAsync(old));
        Assert.True(await ExistsAsync(young), "a handoff may still be writing the record of a body this young");
        Assert.True(passes.Sum(p => p.BlobsRemoved) >= 1);
        Assert.Equal(passes.Sum(p => p.BlobsRemoved), metrics.Of("mailgrid.sweep.blobs.removed").Sum(m => m.Value));
        Assert.Equal(passes.Sum(p => p.BlobsChecked), metrics.Of("mailgrid.sweep.blobs.checked").Sum(m => m.Value));

        Clock.Advance(PastGrace);
        await SweepEverythingAsync(sweeper);

        Assert.False(await ExistsAsync(young));
    }

    [Fact]
    public async Task A_body_with_an_open_recipient_stays_however_old()
    {
        var domain = TestMessages.SinkDomain("sweep-open");
        var envelope = await TestMessages.AcceptAsync(Cluster, "deferred", TestMessages.Remote($"defer@{domain}"));
        await TestMessages.WaitForRecipientsAsync(Cluster, envelope.MessageId, s => s[$"defer@{domain}"].State == RecipientState.Deferred, "a deferral");
        Clock.Advance(Retention + TimeSpan.FromDays(1));
        using var sweeper = SweeperOn(Silo);

        await SweepEverythingAsync(sweeper);

        Assert.True(await ExistsAsync(envelope.BlobKey));
        Assert.Equal(RecipientState.Deferred, Assert.Single((await Messages.GetAsync(envelope.MessageId, CancellationToken.None))!.Recipients).State);
    }

    [Fact]
    public async Task A_body_a_mailbox_holds_outlives_its_expired_record_and_goes_with_the_last_entry()
    {
        var alice = $"alice@{MailGridCluster.LocalDomain}";
        var envelope = await TestMessages.AcceptAsync(Cluster, "kept by the mailbox", TestMessages.Local(alice));
        Clock.Advance(Retention + TimeSpan.FromDays(1));
        using var sweeper = SweeperOn(Silo);

        var passes = await SweepEverythingAsync(sweeper);

        Assert.Null(await Messages.GetAsync(envelope.MessageId, CancellationToken.None));
        Assert.True(passes.Sum(p => p.RecordsExpired) >= 1);
        Assert.True(await ExistsAsync(envelope.BlobKey), "the mailbox entry still refers to the body");
        var mailbox = Cluster.Client.GetGrain<IMailboxGrain>(alice);
        var entry = (await mailbox.ListAsync(0, 10_000)).Single(e => e.MessageId == envelope.MessageId);

        Assert.True(await mailbox.DeleteAsync(entry.Uid));
        await SweepEverythingAsync(sweeper);

        Assert.False(await ExistsAsync(envelope.BlobKey));
    }

    [Fact]
    public async Task A_body_whose_record_says_it_was_deleted_goes_and_the_record_stays()
    {
        // What a crash between the record's save and the body's delete leaves.
        var envelope = await StoreFinalAsync(Clock.GetUtcNow(), bodyDeleted: true);
        Clock.Advance(PastGrace);
        using var sweeper = SweeperOn(Silo);

        await SweepEverythingAsync(sweeper);

        Assert.False(await ExistsAsync(envelope.BlobKey));
        Assert.NotNull(await Messages.GetAsync(envelope.MessageId, CancellationToken.None));
    }

    [Fact]
    public async Task Temp_files_a_crash_left_go_once_older_than_the_grace_period()
    {
        var old = CrashLeftover(Clock.GetUtcNow());
        Clock.Advance(PastGrace);
        var young = CrashLeftover(Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        using var sweeper = SweeperOn(Silo);
        try
        {
            var passes = await SweepEverythingAsync(sweeper);

            Assert.False(File.Exists(old));
            Assert.True(File.Exists(young), "an upload this recent may still be writing");
            Assert.True(passes.Sum(p => p.UploadsRemoved) >= 1);
        }
        finally
        {
            File.Delete(young);
        }
    }
}
