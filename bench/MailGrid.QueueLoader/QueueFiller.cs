using System.Diagnostics;
using System.Text;
using MailGrid.Messages;
using MailGrid.Storage;

namespace MailGrid.QueueLoader;

/// <summary>
/// Uploads one body through <see cref="IBlobStore"/>, then writes N records and N queue entries through
/// <see cref="IMessageStore"/> and <see cref="IQueueStore"/> with many writes in flight, so the store's
/// group-commit writer packs them into large transactions.
/// </summary>
internal sealed class QueueFiller(IBlobStore blobs, IMessageStore messages, IQueueStore queues, TimeProvider time)
{
    public async Task<long> FillAsync(LoaderArguments arguments, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The body is named after the first loaded message, so it has a record as every body does: the storage sweep
        // deletes bodies that no record (and no mailbox entry) refers to once they are an hour old.
        var bodyOwner = MessageIds.NewId();
        var blobKey = MessageIds.BlobKeyFor(bodyOwner, now);
        var size = await UploadBodyAsync(blobKey, arguments.BodySize, cancellationToken);
        var factory = new QueuedMessageFactory(arguments.Domain, blobKey, size, now);

        var next = -1L;
        var started = Stopwatch.GetTimestamp();
        using var progress = new Timer(_ => Report(Interlocked.Read(ref next) + 1, arguments.Count, started), null, 5_000, 5_000);
        var workers = Enumerable.Range(0, (int)Math.Min(arguments.Concurrency, Math.Max(1, arguments.Count))).Select(_ => Task.Run(async () =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < arguments.Count)
            {
                var id = n == 0 ? bodyOwner : MessageIds.NewId();
                // Record first, then the queue entry, as MessageGrain.AcceptAsync does.
                await messages.SaveAsync(factory.Record(id), cancellationToken);
                await queues.UpsertAsync(arguments.Domain, factory.Entry(id), cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        Report(arguments.Count, arguments.Count, started);
        return await queues.CountAsync(arguments.Domain, cancellationToken);
    }

    private async Task<long> UploadBodyAsync(string key, int bodySize, CancellationToken cancellationToken)
    {
        var header = "Received: from source.bench (127.0.0.1) by mailgrid.bench; queue-depth loader\r\n"
            + "From: sender@source.bench\r\nTo: user@held.bench\r\nSubject: queue depth benchmark\r\n\r\n";
        var line = new string('x', 78) + "\r\n";
        var body = new StringBuilder(header);
        while (body.Length < bodySize)
        {
            body.Append(line);
        }

        var bytes = Encoding.ASCII.GetBytes(body.ToString());
        await using var upload = await blobs.BeginUploadAsync(key, cancellationToken);
        await upload.Content.WriteAsync(bytes, cancellationToken);
        await upload.CommitAsync(cancellationToken);
        return bytes.Length;
    }

    private static void Report(long done, long total, long started)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine($"loaded {Math.Min(done, total)}/{total} in {seconds:F1}s ({Math.Min(done, total) / Math.Max(seconds, 0.001):F0}/s)");
    }
}
