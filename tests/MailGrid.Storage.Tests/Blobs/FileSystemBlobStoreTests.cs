using MailGrid.Storage.Files;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Blobs;

public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly FileSystemBlobStore store;

    public FileSystemBlobStoreTests() =>
        store = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = Path.Combine(folder.Path, "blobs") }));

    protected override IBlobStore Store => store;

    /// <summary>Files a reader could open: everything under the root except the temp folder of open uploads.</summary>
    protected override Task<IReadOnlyList<string>> ListEverythingVisibleAsync() =>
        Task.FromResult<IReadOnlyList<string>>(BlobFolder.VisibleFiles(store.RootPath));

    [Fact]
    public async Task Abandoned_upload_deletes_its_temp_file()
    {
        await using (var upload = await store.BeginUploadAsync("dir/abandoned.eml", default))
        {
            await upload.Content.WriteAsync(new byte[1000]);
            await upload.Content.FlushAsync();
            Assert.Single(Directory.EnumerateFiles(Path.Combine(store.RootPath, "tmp")));
        }

        Assert.Empty(Directory.EnumerateFiles(store.RootPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Temp_files_a_crash_left_are_removed_once_last_written_before_the_cutoff()
    {
        var tmp = Path.Combine(store.RootPath, "tmp");
        var now = DateTimeOffset.UtcNow;
        var old = Enumerable.Range(0, 3).Select(i => CrashLeftover(tmp, $"old{i}", now.AddHours(-2))).ToList();
        var young = CrashLeftover(tmp, "young", now.AddMinutes(-10));

        Assert.Equal(2, await store.RemoveAbandonedUploadsAsync(now.AddHours(-1), 2, default));
        Assert.Equal(1, await store.RemoveAbandonedUploadsAsync(now.AddHours(-1), 2, default));
        Assert.Equal(0, await store.RemoveAbandonedUploadsAsync(now.AddHours(-1), 2, default));

        Assert.All(old, path => Assert.False(File.Exists(path)));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public async Task Listing_passes_over_files_no_upload_could_have_made()
    {
        await UploadAsync("messages/kept.eml", "x"u8.ToArray());
        await File.WriteAllTextAsync(Path.Combine(store.RootPath, "messages", "Stray Name.EML"), "x");

        var page = await store.ListAsync(null, 10, default);

        Assert.Equal(["messages/kept.eml"], page.Blobs.Select(b => b.Key));
    }

    /// <summary>A temp file as an upload leaves it when the process dies before commit or abandon.</summary>
    internal static string CrashLeftover(string tempFolder, string name, DateTimeOffset lastWritten)
    {
        var path = Path.Combine(tempFolder, $"{name}.tmp");
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, lastWritten.UtcDateTime);
        return path;
    }

    public void Dispose() => folder.Dispose();
}
