using MailGrid.Storage.Local;
using MailGrid.Storage.Files;
using MailGrid.Storage.Local.Sqlite;
using MailGrid.Storage.Tests.Contracts;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Tests.Blobs;

/// <summary>The embedded body store with its default inline limit: small bodies as rows, the 300 kB ones as files.</summary>
public class SqliteBlobStoreTests : BlobStoreContract, IAsyncLifetime, IDisposable
{
    private readonly TempDirectory folder = new();
    private SqliteDatabase database = null!;
    private FileSystemBlobStore files = null!;
    private SqliteBlobStore store = null!;

    protected virtual int InlineBodyMaxBytes => new LocalStorageOptions().InlineBodyMaxBytes;

    protected override IBlobStore Store => store;

    public Task InitializeAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Rows a reader could see plus files outside the temp folder of open uploads.</summary>
    protected override Task<IReadOnlyList<string>> ListEverythingVisibleAsync()
    {
        var visible = BlobFolder.VisibleFiles(files.RootPath);
        visible.AddRange(InlineKeys());
        return Task.FromResult<IReadOnlyList<string>>(visible);
    }

    [Fact]
    public async Task Small_body_is_a_row_and_no_file()
    {
        var content = RandomBytes(4096, seed: 11);

        await UploadAsync("2025/03/01/small.eml", content);

        Assert.Equal(["2025/03/01/small.eml"], InlineKeys());
        Assert.Empty(Directory.EnumerateFiles(files.RootPath, "*", SearchOption.AllDirectories));
        Assert.Equal(content, await ReadAllAsync("2025/03/01/small.eml"));
    }

    [Fact]
    public async Task Body_over_the_limit_spills_to_a_file()
    {
        var content = RandomBytes(InlineBodyMaxBytes + 1, seed: 12);

        await UploadAsync("2025/03/01/large.eml", content);

        Assert.Empty(InlineKeys());
        Assert.True(File.Exists(Path.Combine(files.RootPath, "2025/03/01/large.eml")));
        Assert.Equal(content, await ReadAllAsync("2025/03/01/large.eml"));
    }

    [Fact]
    public async Task Committed_bodies_survive_a_reopen_of_the_database()
    {
        var small = RandomBytes(1000, seed: 13);
        var large = RandomBytes(InlineBodyMaxBytes + 10, seed: 14);
        await UploadAsync("keep/small.eml", small);
        await UploadAsync("keep/large.eml", large);

        await database.DisposeAsync();
        Open();

        Assert.Equal(small, await ReadAllAsync("keep/small.eml"));
        Assert.Equal(large, await ReadAllAsync("keep/large.eml"));
    }

    [Fact]
    public async Task Abandoned_spilled_upload_deletes_its_temp_file()
    {
        await using (var upload = await store.BeginUploadAsync("dir/abandoned.eml", default))
        {
            await upload.Content.WriteAsync(new byte[InlineBodyMaxBytes + 1]);
            await upload.Content.FlushAsync();
            Assert.Single(Directory.EnumerateFiles(Path.Combine(files.RootPath, "tmp")));
        }

        Assert.Empty(Directory.EnumerateFiles(files.RootPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Temp_files_of_spilled_uploads_a_crash_left_are_removed_once_old()
    {
        var tmp = Path.Combine(files.RootPath, "tmp");
        var now = DateTimeOffset.UtcNow;
        var old = FileSystemBlobStoreTests.CrashLeftover(tmp, "old", now.AddHours(-2));
        var young = FileSystemBlobStoreTests.CrashLeftover(tmp, "young", now);

        Assert.Equal(1, await store.RemoveAbandonedUploadsAsync(now.AddHours(-1), 100, default));

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(young));
    }

    private void Open()
    {
        var options = new LocalStorageOptions { DataPath = folder.Path, InlineBodyMaxBytes = InlineBodyMaxBytes };
        database = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        files = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = Path.Combine(folder.Path, "blobs") }));
        store = new SqliteBlobStore(database, files, Options.Create(options));
    }

    private List<string> InlineKeys()
    {
        using var connection = new SqliteConnection($"Data Source={database.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM blobs ORDER BY key";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
