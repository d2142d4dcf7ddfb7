using System.Text;
using BenchmarkDotNet.Attributes;
using MailGrid.Storage;
using MailGrid.Storage.Local;
using MailGrid.Storage.Files;
using MailGrid.Storage.Local.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Benchmarks.Micro;

/// <summary>
/// Bodies written and committed durably: as files (<see cref="FileSystemBlobStore"/>: fsync, rename, directory fsync
/// per body) or inline (<see cref="SqliteBlobStore"/>: a row in the SQLite group commit), one at a time and 32 at once
/// (what concurrent SMTP sessions do; the group commit shares one fsync among them).
/// </summary>
[MemoryDiagnoser]
public class BlobWriteBenchmarks : IDisposable
{
    private const int Concurrent = 32;
    private string _root = "";
    private SqliteDatabase? _database;
    private IBlobStore? _store;
    private byte[] _body = [];
    private int _next;

    [Params(4 * 1024, 100 * 1024)]
    public int BodySize { get; set; }

    [Params("files", "sqlite")]
    public string Store { get; set; } = "files";

    [GlobalSetup]
    public void Setup()
    {
        // Under the working directory, not /tmp: /tmp may be a tmpfs where fsync costs nothing.
        _root = Path.Combine(Directory.GetCurrentDirectory(), "blob-bench-" + Guid.NewGuid().ToString("N"));
        var files = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = Path.Combine(_root, "blobs") }));
        if (Store == "sqlite")
        {
            var options = Options.Create(new LocalStorageOptions { DataPath = _root });
            _database = new SqliteDatabase(options, NullLogger<SqliteDatabase>.Instance);
            _store = new SqliteBlobStore(_database, files, options);
        }
        else
        {
            _store = files;
        }

        _body = Encoding.ASCII.GetBytes(WireMessage.Body(BodySize));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Dispose();
        Directory.Delete(_root, recursive: true);
    }

    public void Dispose()
    {
        _database?.Dispose();
        _database = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public Task WriteAndCommit() => WriteOneAsync();

    [Benchmark(OperationsPerInvoke = Concurrent)]
    public Task WriteAndCommit32Concurrently() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => WriteOneAsync()));

    private async Task WriteOneAsync()
    {
        await using var upload = await _store!.BeginUploadAsync($"bench-{Interlocked.Increment(ref _next):D8}", CancellationToken.None);
        await upload.Content.WriteAsync(_body);
        await upload.CommitAsync(CancellationToken.None);
    }
}
