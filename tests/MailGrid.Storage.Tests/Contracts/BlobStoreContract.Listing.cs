namespace MailGrid.Storage.Tests.Contracts;

/// <summary>Listing committed blobs page by page, and what uploads in progress leave alone.</summary>
public abstract partial class BlobStoreContract
{
    private static readonly string[] ListedKeys =
    [
        "messages/20250301/12/0197a1b2c3d4e5f6a7b8c9d0e1f2a3b4.eml",
        "messages/20250301/12/ffff.eml",
        "messages/20250301/13/c.eml",
        "messages/20250302/00/d.eml",
        "a.eml",
        "a/x.eml",
        "a-b.eml",
        "z/last.eml",
    ];

    [Fact]
    public async Task Listing_walks_every_committed_blob_once_in_key_order()
    {
        var before = DateTimeOffset.UtcNow;
        foreach (var key in ListedKeys)
        {
            await UploadAsync(key, "x"u8.ToArray());
        }

        // One body large enough to take a backend's other path (a spilled file beside SQLite rows, several blocks).
        await UploadAsync("messages/20250301/12/large.eml", RandomBytes(MultiBlockLength, seed: 21));
        var after = DateTimeOffset.UtcNow;

        var listed = new List<StoredBlob>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(cursor, 3, default);
            Assert.InRange(page.Blobs.Count, 0, 3);
            listed.AddRange(page.Blobs);
            cursor = page.NextCursor;
            Assert.True(++pages < 20, "the listing does not end");
        }
        while (cursor is not null);

        Assert.Equal(ListedKeys.Append("messages/20250301/12/large.eml").Order(StringComparer.Ordinal), listed.Select(b => b.Key));
        Assert.All(listed.Where(b => b.LastModified is not null), b => Assert.InRange(b.LastModified!.Value, before.AddMinutes(-5), after.AddMinutes(5)));
    }

    [Fact]
    public async Task Listing_leaves_out_uploads_not_yet_committed()
    {
        await UploadAsync("done.eml", "x"u8.ToArray());
        await using var pending = await Store.BeginUploadAsync("pending.eml", default);
        await pending.Content.WriteAsync(RandomBytes(MultiBlockLength, seed: 22));
        await pending.Content.FlushAsync();

        var page = await Store.ListAsync(null, 100, default);

        Assert.Equal(["done.eml"], page.Blobs.Select(b => b.Key));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Listing_an_empty_store_ends_at_once()
    {
        var page = await Store.ListAsync(null, 10, default);

        Assert.Empty(page.Blobs);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task An_upload_in_progress_is_not_removed_as_abandoned_and_still_commits()
    {
        await using var upload = await Store.BeginUploadAsync("in-progress.eml", default);
        var content = RandomBytes(MultiBlockLength, seed: 23);
        await upload.Content.WriteAsync(content);
        await upload.Content.FlushAsync();

        Assert.Equal(0, await Store.RemoveAbandonedUploadsAsync(DateTimeOffset.UtcNow.AddHours(-1), 100, default));

        await upload.CommitAsync(default);
        Assert.Equal(content, await ReadAllAsync("in-progress.eml"));
    }
}
