using MailGrid.Storage.AzureBlob;
using MailGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Blobs;

/// <summary>With Azurite stopped, every store call reports <see cref="StorageUnavailableException"/> (so SMTP answers 451).</summary>
public sealed class AzureBlobStoreOutageTests : IAsyncLifetime
{
    private const int LargeBody = 32 * 1024 * 1024;
    private AzuriteServer? azurite;

    public async Task InitializeAsync() => azurite = await AzuriteServer.StartAsync();

    [Fact]
    public async Task Every_operation_reports_storage_unavailable_once_azurite_is_gone()
    {
        var store = StoreOn(azurite!);
        await using (var before = await store.BeginUploadAsync("before.eml", default))
        {
            await before.Content.WriteAsync("kept"u8.ToArray());
            await before.CommitAsync(default);
        }

        // A body far larger than the socket buffers, so most of it is still on the service when it goes away.
        var large = StoreOn(azurite!, blockSize: 4 * 1024 * 1024);
        await using (var big = await large.BeginUploadAsync("big.eml", default))
        {
            await big.Content.WriteAsync(new byte[LargeBody]);
            await big.CommitAsync(default);
        }

        await using var reading = await large.OpenReadAsync("big.eml", default);
        Assert.Equal(1, await reading!.ReadAsync(new byte[1]));
        await using var inFlight = await store.BeginUploadAsync("in-flight.eml", default);
        await inFlight.Content.WriteAsync(new byte[20_000]);
        azurite!.Stop();

        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await reading.CopyToAsync(Stream.Null));

        // A block staged, then the commit, then reads and deletes: all fail as unavailable, none hangs or leaks an SDK type.
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await inFlight.Content.WriteAsync(new byte[20_000]));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await inFlight.CommitAsync(default));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.OpenReadAsync("before.eml", default));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.DeleteAsync("before.eml", default));

        // A fresh process whose container check has not happened yet fails at the start of the upload.
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await StoreOn(azurite).BeginUploadAsync("after.eml", default));
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    private static AzureBlobStore StoreOn(AzuriteServer server, int blockSize = 16 * 1024) => new(
        Options.Create(new AzureBlobStoreOptions
        {
            ConnectionString = server.ConnectionString,
            Container = "outage",
            BlockSize = blockSize,
            MaxRetries = 0,
            NetworkTimeout = TimeSpan.FromSeconds(5),
        }),
        NullLogger<AzureBlobStore>.Instance);
}
