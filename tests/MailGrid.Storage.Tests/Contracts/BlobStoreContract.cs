namespace MailGrid.Storage.Tests.Contracts;

/// <summary>What every <see cref="IBlobStore"/> must do; run against the file system and Azurite.</summary>
public abstract partial class BlobStoreContract
{
    /// <summary>Bodies this size span several blocks where the backend stages blocks (the Azure tests use 100 kB blocks).</summary>
    protected const int MultiBlockLength = 300_000;

    protected abstract IBlobStore Store { get; }

    /// <summary>Every blob (or leftover) a reader or a listing could see, as keys or paths.</summary>
    protected abstract Task<IReadOnlyList<string>> ListEverythingVisibleAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(MultiBlockLength)]
    public async Task Committed_blob_reads_back_byte_for_byte(int length)
    {
        var content = RandomBytes(length, seed: length);

        await UploadAsync("2025/03/01/m-1.eml", content);

        Assert.Equal(content, await ReadAllAsync("2025/03/01/m-1.eml"));
    }

    [Fact]
    public async Task Content_written_in_uneven_pieces_reads_back_byte_for_byte()
    {
        var content = RandomBytes(MultiBlockLength, seed: 7);
        await using (var upload = await Store.BeginUploadAsync("pieces.eml", default))
        {
            // Pieces that straddle block boundaries, as the SMTP dot-unstuffer writes them.
            for (var offset = 0; offset < content.Length; offset += 7_777)
            {
                await upload.Content.WriteAsync(content.AsMemory(offset, Math.Min(7_777, content.Length - offset)));
            }

            await upload.CommitAsync(default);
        }

        Assert.Equal(content, await ReadAllAsync("pieces.eml"));
    }

    [Fact]
    public async Task Blob_is_invisible_until_commit()
    {
        await using var upload = await Store.BeginUploadAsync("pending.eml", default);
        await upload.Content.WriteAsync(RandomBytes(MultiBlockLength, seed: 1));
        await upload.Content.FlushAsync();

        Assert.Null(await Store.OpenReadAsync("pending.eml", default));
        Assert.Empty(await ListEverythingVisibleAsync());
        await upload.CommitAsync(default);
        await using var read = await Store.OpenReadAsync("pending.eml", default);
        Assert.NotNull(read);
    }

    [Fact]
    public async Task Abandoned_upload_leaves_nothing_visible()
    {
        await using (var upload = await Store.BeginUploadAsync("dir/abandoned.eml", default))
        {
            await upload.Content.WriteAsync(RandomBytes(MultiBlockLength, seed: 2));
        }

        Assert.Null(await Store.OpenReadAsync("dir/abandoned.eml", default));
        Assert.Empty(await ListEverythingVisibleAsync());
    }

    [Fact]
    public async Task Commit_replaces_an_existing_blob()
    {
        await UploadAsync("same.eml", "first"u8.ToArray());
        await UploadAsync("same.eml", "second"u8.ToArray());

        Assert.Equal("second"u8.ToArray(), await ReadAllAsync("same.eml"));
    }

    [Fact]
    public async Task Delete_removes_a_committed_blob_once()
    {
        await UploadAsync("gone.eml", "x"u8.ToArray());

        Assert.True(await Store.DeleteAsync("gone.eml", default));
        Assert.False(await Store.DeleteAsync("gone.eml", default));
        Assert.Null(await Store.OpenReadAsync("gone.eml", default));
    }

    [Fact]
    public async Task Missing_blob_reads_null_and_deletes_false()
    {
        Assert.Null(await Store.OpenReadAsync("never/written.eml", default));
        Assert.False(await Store.DeleteAsync("never/written.eml", default));
    }

    [Fact]
    public async Task Concurrent_uploads_each_land_intact()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var upload = await Store.BeginUploadAsync($"c/{i % 4}/m{i}.eml", default);
            await upload.Content.WriteAsync(Enumerable.Repeat((byte)i, (i % 2 == 0 ? 10_000 : 150_000) + i).ToArray());
            await upload.CommitAsync(default);
        }));

        for (var i = 0; i < 40; i++)
        {
            var read = await ReadAllAsync($"c/{i % 4}/m{i}.eml");
            Assert.Equal((i % 2 == 0 ? 10_000 : 150_000) + i, read.Length);
            Assert.All(read, b => Assert.Equal((byte)i, b));
        }
    }

    [Theory]
    [InlineData("../escape.eml")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("Upper.eml")]
    [InlineData("")]
    public async Task Keys_outside_the_key_alphabet_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.BeginUploadAsync(key, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.OpenReadAsync(key, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Store.DeleteAsync(key, default));
    }

    [Fact]
    public async Task Committing_twice_is_refused()
    {
        await using var upload = await Store.BeginUploadAsync("once.eml", default);
        await upload.CommitAsync(default);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await upload.CommitAsync(default));
    }

    [Fact]
    public async Task Disposed_upload_cannot_be_committed_and_disposes_once()
    {
        var upload = await Store.BeginUploadAsync("disposed.eml", default);
        await upload.Content.WriteAsync(new byte[] { 1, 2, 3 });
        await upload.DisposeAsync();
        await upload.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await upload.CommitAsync(default));
        Assert.Null(await Store.OpenReadAsync("disposed.eml", default));
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        return content;
    }

    protected async Task UploadAsync(string key, byte[] content)
    {
        await using var upload = await Store.BeginUploadAsync(key, default);
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(default);
    }

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var read = await Store.OpenReadAsync(key, default);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        return copy.ToArray();
    }
}
