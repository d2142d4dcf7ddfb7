using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MailGrid.LoadGenerator;

/// <summary>
/// Parallel senders: <c>connections</c> per target, each sending up to <c>perConnection</c> messages per SMTP
/// session. New messages are taken until the time is up or <c>maxMessages</c> were taken; a message that got
/// 4xx or lost its connection is retried (as a real client would) until it is accepted or refused with 5xx.
/// </summary>
internal sealed class LoadRunner(
    IReadOnlyList<IPEndPoint> targets,
    int connections,
    int perConnection,
    int maxMessages,
    Func<int, (string Recipient, byte[] Data)> messageFor,
    LoadStatistics statistics)
{
    private const string Sender = "load@load.test";
    private static readonly TimeSpan RetryGiveUp = TimeSpan.FromSeconds(120);
    private int _next = -1;

    public async Task RunAsync(TimeSpan duration)
    {
        using var stopTaking = new CancellationTokenSource(duration);
        var workers = targets.SelectMany(target => Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkAsync(target, stopTaking.Token))));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(IPEndPoint target, CancellationToken stopTaking)
    {
        int? pending = null;
        var backoff = TimeSpan.FromMilliseconds(50);
        var retryStarted = Stopwatch.StartNew();
        bool Take(out int? index)
        {
            retryStarted.Restart();
            return TryTake(stopTaking, out index);
        }

        while (pending is not null || Take(out pending))
        {
            SmtpLoadConnection? connection = null;
            try
            {
                connection = await SmtpLoadConnection.OpenAsync(target, CancellationToken.None);
                for (var sent = 0; connection is not null && sent < perConnection && (pending is not null || Take(out pending)); sent++)
                {
                    var index = pending!.Value;
                    var (recipient, data) = messageFor(index);
                    var started = Stopwatch.GetTimestamp();
                    var reply = await connection.SendAsync(Sender, recipient, data, CancellationToken.None);
                    if (reply.IsPositive)
                    {
                        statistics.RecordAccepted(index, recipient, MessageIdOf(reply), Stopwatch.GetElapsedTime(started));
                        pending = null;
                        backoff = TimeSpan.FromMilliseconds(50);
                    }
                    else if (reply.IsTransient && retryStarted.Elapsed < RetryGiveUp)
                    {
                        statistics.RecordTransient();
                        break; // a fresh session after a pause, as an MTA's queue runner would
                    }
                    else
                    {
                        statistics.RecordFailed();
                        pending = null;
                    }
                }

                if (connection is null)
                {
                    statistics.RecordTransient(); // greeting refused (421 while an ingress drains)
                    GiveUpIfTooLong();
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException)
            {
                statistics.RecordTransient();
                GiveUpIfTooLong();
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            void GiveUpIfTooLong()
            {
                if (pending is not null && retryStarted.Elapsed >= RetryGiveUp)
                {
                    statistics.RecordFailed();
                    pending = null;
                }
            }

            if (pending is not null)
            {
                await Task.Delay(backoff, CancellationToken.None);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1_000));
            }
        }
    }

    private bool TryTake(CancellationToken stopTaking, out int? index)
    {
        var next = Interlocked.Increment(ref _next);
        index = !stopTaking.IsCancellationRequested && next < maxMessages ? next : null;
        return index is not null;
    }

    private static string MessageIdOf(SmtpReply reply)
    {
        const string marker = "queued as ";
        var at = reply.Text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? "" : reply.Text[(at + marker.Length)..].Trim();
    }
}
