using System.Text;
using MailGrid.Grains.Sweep;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Storage;
using MailGrid.Storage.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>
/// What the storage sweep removes and what it must leave, against real stores and real grains, on a fake clock that
/// starts at the real time: bodies and records made now grow old as the test advances the clock. The silo's own sweep
/// is off; each test sweeps with sweepers built from a silo's services, as the silo builds its own.
/// </summary>
public abstract partial class StorageSweepContract(MailGridCluster cluster)
{
    /// <summary>Over the grace period with room for the real seconds a test takes.</summary>
    private static readonly TimeSpan PastGrace = new StorageSweepOptions().OrphanGracePeriod + TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Retention = new StorageSweepOptions().RecordRetention;

    private FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    private MailGridCluster Cluster => cluster;

    private IServiceProvider Silo => Cluster.SiloServices;

    private IBlobStore Blobs => Silo.GetRequiredService<IBlobStore>();

    private IMessageStore Messages => Silo.GetRequiredService<IMessageStore>();

    /// <summary>A sweeper as the silo builds its own (its stores, grains, options and meters), on the test's clock.</summary>
    private StorageSweeper SweeperOn(IServiceProvider silo, IOptionsMonitor<StorageSweepOptions>? options = null) => new(
        silo.GetRequiredService<IBlobStore>(),
        silo.GetRequiredService<IMessageStore>(),
        silo.GetRequiredService<IMailboxStore>(),
        silo.GetRequiredService<IGrainFactory>(),
        options ?? silo.GetRequiredService<IOptionsMonitor<StorageSweepOptions>>(),
        silo.GetRequiredService<SweepTelemetry>(),
        Clock,
        silo.GetRequiredService<ILogger<StorageSweeper>>());

    /// <summary>
    /// Passes until nothing is left to expire or clean and one whole walk of the blob listing began after that, so
    /// bodies that expiries released have been looked at too. Every pass must succeed and stay within its limit.
    /// </summary>
    private static async Task<List<SweepPassResult>> SweepEverythingAsync(StorageSweeper sweeper)
    {
        var passes = new List<SweepPassResult>();
        var quietSince = -1;
        var walkStart = 0;
        while (true)
        {
            var pass = await sweeper.SweepAsync(CancellationToken.None);
            Assert.False(pass.Failed, $"pass {passes.Count + 1} failed");
            Assert.InRange(pass.BlobsChecked, 0, SweepSettings.MaxItemsPerPass);
            quietSince = pass.RecordsExpired + pass.UploadsRemoved > 0 ? -1 : quietSince < 0 ? passes.Count : quietSince;
            passes.Add(pass);
            if (pass.BlobListingCompleted)
            {
                if (quietSince >= 0 && walkStart >= quietSince)
                {
                    return passes;
                }

                walkStart = passes.Count;
            }

            Assert.True(passes.Count < 1_000, "the sweep does not come to an end");
        }
    }

    /// <summary>Uploads a body (as the handoff does, before any record) under a message id made at <paramref name="createdAt"/>.</summary>
    private async Task<string> UploadBodyAsync(DateTimeOffset createdAt)
    {
        var id = Guid.CreateVersion7(createdAt).ToString("N");
        var key = MessageIds.BlobKeyFor(id, createdAt);
        await using var upload = await Blobs.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(Encoding.ASCII.GetBytes($"Subject: {id}\r\n\r\nnobody's\r\n"));
        await upload.CommitAsync(CancellationToken.None);
        return key;
    }

    /// <summary>Stores a body and writes its record directly, every recipient final at <paramref name="finalAt"/>.</summary>
    private async Task<MessageEnvelope> StoreFinalAsync(DateTimeOffset finalAt, bool bodyDeleted = false)
    {
        const string recipient = "gone@elsewhere.test";
        var envelope = await TestMessages.StoreAsync(Cluster, "final", [TestMessages.Remote(recipient)]);
        await Messages.SaveAsync(new MessageRecord
        {
            Envelope = envelope,
            Recipients = [new RecipientStatus { Address = recipient, State = RecipientState.Delivered, Detail = "250 2.0.0 Ok", Attempts = 1, UpdatedAt = finalAt }],
            BodyDeleted = bodyDeleted,
        }, CancellationToken.None);
        return envelope;
    }

    private async Task<bool> ExistsAsync(string key)
    {
        await using var body = await Blobs.OpenReadAsync(key, CancellationToken.None);
        return body is not null;
    }

    /// <summary>A temp file as an upload leaves it when its process dies mid-DATA.</summary>
    private string CrashLeftover(DateTimeOffset lastWritten)
    {
        var path = Path.Combine(Silo.GetRequiredService<FileSystemBlobStore>().RootPath, "tmp", $"{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, new byte[512]);
        File.SetLastWriteTimeUtc(path, lastWritten.UtcDateTime);
        return path;
    }
}
