using System.Text;
using BenchmarkDotNet.Attributes;
using MailGrid.Storage.Local.Blobs;
using Microsoft.Extensions.Options;

namespace MailGrid.Benchmarks.Micro;

/// <summary>One body written and committed (fsync, rename, directory fsync) by <see cref="FileSystemBlobStore"/>.</summary>
[MemoryDiagnoser]
public class BlobWriteBenchmarks
{
    private string _root = "";
    private FileSystemBlobStore? _store;
    private byte[] _body = [];
    private int _next;

    [Params(4 * 1024, 100 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Under the working directory, not /tmp: /tmp may be a tmpfs where fsync costs nothing.
        _root = Path.Combine(System.IO.Directory.GetCurrentDirectory(), "blob-bench-" + Guid.NewGuid().ToString("N"));
        _store = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = _root }));
        _body = Encoding.ASCII.GetBytes(WireMessage.Body(BodySize));
    }

    [GlobalCleanup]
    public void Cleanup() => System.IO.Directory.Delete(_root, recursive: true);

    [Benchmark]
    public async Task WriteAndCommit()
    {
        await using var upload = await _store!.BeginUploadAsync($"bench-{_next++:D8}", CancellationToken.None);
        await upload.Content.WriteAsync(_body);
        await upload.CommitAsync(CancellationToken.None);
    }
}
