using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailGrid.Benchmarks.Micro;

namespace MailGrid.Benchmarks.Load;

/// <summary>
/// Sends messages over parallel sessions and times each final dot to its reply (the server's durable-handoff time,
/// which smtp-source does not report). Prints one line: <c>ok=N failed=N seconds=S rate=R p50_ms=X p99_ms=Y</c>.
/// </summary>
internal static class LatencyClient
{
    public static async Task<int> RunAsync(LoadArguments options)
    {
        var at = options.To.IndexOf('@', StringComparison.Ordinal);
        var (local, domain) = (options.To[..at], options.To[(at + 1)..]);
        var body = Encoding.ASCII.GetBytes(WireMessage.Body(options.Size).Replace("\r\n.", "\r\n..", StringComparison.Ordinal) + "\r\n.\r\n");
        var perSession = Math.Max(1, options.Messages / options.Sessions);
        var latencies = new double[perSession * options.Sessions];
        var failed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(session => Task.Run(async () =>
        {
            var lost = await RunSessionAsync(options.Port, session, perSession, local, domain, options.Recipients, body, latencies, stop.Token);
            Interlocked.Add(ref failed, lost);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var done = latencies.Where(l => l > 0).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ok={done.Length} failed={failed} seconds={seconds:F2} rate={done.Length / seconds:F0} p50_ms={Percentile(done, 0.50):F1} p99_ms={Percentile(done, 0.99):F1}"));
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RunSessionAsync(int port, int session, int count, string local, string domain, int recipients, byte[] body, double[] latencies, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await SmtpLineClient.ConnectAsync(port, cancellationToken);
            Expect(220, await client.ReadReplyAsync(cancellationToken), "greeting");
            Expect(250, await client.CommandAsync("EHLO latency.bench", cancellationToken), "EHLO");
            for (var i = 0; i < count; i++)
            {
                Expect(250, await client.CommandAsync("MAIL FROM:<sender@latency.bench>", cancellationToken), "MAIL");
                for (var r = 0; r < recipients; r++)
                {
                    Expect(250, await client.CommandAsync($"RCPT TO:<{r}{local}@{domain}>", cancellationToken), "RCPT");
                }

                Expect(354, await client.CommandAsync("DATA", cancellationToken), "DATA");
                await client.WriteAsync(body.AsMemory(0, body.Length - 3), cancellationToken);
                var started = Stopwatch.GetTimestamp();
                await client.WriteAsync(body.AsMemory(body.Length - 3), cancellationToken);
                Expect(250, await client.ReadReplyAsync(cancellationToken), "end of data");
                latencies[(session * count) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            await client.CommandAsync("QUIT", cancellationToken);
            return 0;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"session {session}: {exception.Message}");
            return count - latencies.AsSpan(session * count, count).ToArray().Count(l => l > 0);
        }
    }

    private static void Expect(int expected, int actual, string step)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{step}: expected {expected}, got {actual}");
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
