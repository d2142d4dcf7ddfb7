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

    public void Dispose() => folder.Dispose();
}
