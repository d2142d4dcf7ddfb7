using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MailGrid.Storage.AzureBlob;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;
using MailGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Blobs;

/// <summary>The blob store contract against a real Azurite, with 100 kB blocks so that bodies span several.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests : BlobStoreContract, IAsyncLifetime
{
    // Not a power of two and above the stream's initial 64 KiB buffer, so the buffer grows and is capped at the block.
    private const int TestBlockSize = 100_000;
    private readonly AzureBlobStore store;

    public AzureBlobStoreTests(AzuriteServer azurite) =>
        store = new AzureBlobStore(
            Options.Create(new AzureBlobStoreOptions
            {
                ConnectionString = azurite.ConnectionString,
                Container = "t" + Guid.NewGuid().ToString("N"),
                BlockSize = TestBlockSize,
            }),
            NullLogger<AzureBlobStore>.Instance);

    protected override IBlobStore Store => store;

    /// <summary>Committed blobs in the test's container (uncommitted blocks are not blobs a reader can see).</summary>
    protected override async Task<IReadOnlyList<string>> ListEverythingVisibleAsync()
    {
        var names = new List<string>();
        await foreach (var item in store.Container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }

    [Fact]
    public async Task Large_body_is_committed_from_staged_blocks_of_the_configured_size()
    {
        await UploadAsync("big.eml", RandomBytes(MultiBlockLength, seed: 3));

        var blocks = (await store.Container.GetBlockBlobClient("big.eml").GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Equal((MultiBlockLength + TestBlockSize - 1) / TestBlockSize, blocks.Count);
        Assert.All(blocks.SkipLast(1), block => Assert.Equal(TestBlockSize, block.SizeLong));
    }

    [Fact]
    public async Task Blocks_are_staged_while_the_content_is_written()
    {
        await using var upload = await store.BeginUploadAsync("streaming.eml", default);
        await upload.Content.WriteAsync(RandomBytes(3 * TestBlockSize, seed: 4));

        // Already on the service as uncommitted blocks, not held in memory until commit.
        var blocks = (await store.Container.GetBlockBlobClient("streaming.eml").GetBlockListAsync(BlockListTypes.Uncommitted)).Value;
        Assert.Equal(3, blocks.UncommittedBlocks.Count());
        Assert.Empty(blocks.CommittedBlocks);
    }

    [Fact]
    public async Task Bodies_are_stored_as_rfc822_messages()
    {
        await UploadAsync("typed.eml", "Subject: x\r\n\r\nbody\r\n"u8.ToArray());

        var properties = await store.Container.GetBlobClient("typed.eml").GetPropertiesAsync();
        Assert.Equal("message/rfc822", properties.Value.ContentType);
    }

    [Fact]
    public async Task Deleted_container_is_created_again_on_the_next_upload()
    {
        await UploadAsync("first.eml", "1"u8.ToArray());
        await store.Container.DeleteAsync();

        // The first upload after the deletion fails (and forgets the container); the next one recreates it.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => UploadAsync("second.eml", "2"u8.ToArray()));
        await UploadAsync("third.eml", "3"u8.ToArray());

        Assert.Equal("3"u8.ToArray(), await ReadAllAsync("third.eml"));
    }

    [Fact]
    public async Task An_upload_never_committed_leaves_blocks_that_are_neither_listed_nor_removed()
    {
        // Never committed, as when the process dies mid-DATA: the staged blocks stay on the service until it discards them.
        await using var upload = await store.BeginUploadAsync("crashed.eml", default);
        await upload.Content.WriteAsync(RandomBytes(3 * TestBlockSize, seed: 5));

        Assert.Empty((await store.ListAsync(null, 10, default)).Blobs);
        Assert.Equal(0, await store.RemoveAbandonedUploadsAsync(DateTimeOffset.UtcNow.AddDays(1), 10, default));
        var blocks = (await store.Container.GetBlockBlobClient("crashed.eml").GetBlockListAsync(BlockListTypes.Uncommitted)).Value;
        Assert.Equal(3, blocks.UncommittedBlocks.Count());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await store.Container.DeleteIfExistsAsync();
}
