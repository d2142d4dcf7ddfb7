using MailGrid.Storage.Local.Blobs;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly FileSystemBlobStore store;

    public FileSystemBlobStoreTests() =>
        store = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = Path.Combine(folder.Path, "blobs") }));

    [Fact]
    public async Task Committed_blob_reads_back_byte_for_byte()
    {
        var content = new byte[300_000];
        new Random(42).NextBytes(content);

        await using (var upload = await store.BeginUploadAsync("2025/03/01/m-1.eml", default))
        {
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(default);
        }

        await using var read = await store.OpenReadAsync("2025/03/01/m-1.eml", default);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Blob_is_invisible_until_commit()
    {
        await using var upload = await store.BeginUploadAsync("pending.eml", default);
        await upload.Content.WriteAsync("hello"u8.ToArray());
        await upload.Content.FlushAsync();

        Assert.Null(await store.OpenReadAsync("pending.eml", default));
        await upload.CommitAsync(default);
        await using var read = await store.OpenReadAsync("pending.eml", default);
        Assert.NotNull(read);
    }

    [Fact]
    public async Task Abandoned_upload_leaves_no_file_behind()
    {
        await using (var upload = await store.BeginUploadAsync("dir/abandoned.eml", default))
        {
            await upload.Content.WriteAsync(new byte[1000]);
        }

        Assert.Null(await store.OpenReadAsync("dir/abandoned.eml", default));
        Assert.Empty(System.IO.Directory.EnumerateFiles(store.RootPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Delete_removes_a_committed_blob_once()
    {
        await using (var upload = await store.BeginUploadAsync("gone.eml", default))
        {
            await upload.Content.WriteAsync("x"u8.ToArray());
            await upload.CommitAsync(default);
        }

        Assert.True(await store.DeleteAsync("gone.eml", default));
        Assert.False(await store.DeleteAsync("gone.eml", default));
        Assert.Null(await store.OpenReadAsync("gone.eml", default));
    }

    [Fact]
    public async Task Concurrent_uploads_each_land_intact()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var upload = await store.BeginUploadAsync($"c/{i % 4}/m{i}.eml", default);
            await upload.Content.WriteAsync(Enumerable.Repeat((byte)i, 10_000 + i).ToArray());
            await upload.CommitAsync(default);
        }));

        for (var i = 0; i < 40; i++)
        {
            await using var read = await store.OpenReadAsync($"c/{i % 4}/m{i}.eml", default);
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(10_000 + i, copy.Length);
            Assert.All(copy.ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Theory]
    [InlineData("../escape.eml")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("Upper.eml")]
    [InlineData("")]
    public async Task Keys_that_could_leave_the_root_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.BeginUploadAsync(key, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.OpenReadAsync(key, default));
    }

    [Fact]
    public async Task Committing_twice_is_refused()
    {
        await using var upload = await store.BeginUploadAsync("once.eml", default);
        await upload.CommitAsync(default);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(async () => await upload.CommitAsync(default));
    }

    public void Dispose() => folder.Dispose();
}
