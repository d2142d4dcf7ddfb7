using System.Diagnostics;
using System.Globalization;

namespace MailGrid.Benchmarks.Load;

/// <summary>
/// The cost of a connection alone: <c>--sessions</c> parallel loops, each connecting, reading the greeting, sending
/// EHLO and QUIT, until <c>--count</c> connections are done (no mail transaction, so the server's CPU per connection
/// can be read from /proc). Prints one line: <c>ok=N failed=N seconds=S rate=R p50_ms=X p99_ms=Y</c> (connect to 221).
/// </summary>
internal static class ConnectionChurn
{
    public static async Task<int> RunAsync(LoadArguments options)
    {
        var perSession = Math.Max(1, options.Count / options.Sessions);
        var times = new double[perSession * options.Sessions];
        var failed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(session => Task.Run(async () =>
        {
            for (var i = 0; i < perSession; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await using var client = await SmtpLineClient.ConnectAsync(options.Port, stop.Token);
                    if (await client.ReadReplyAsync(stop.Token) != 220
                        || await client.CommandAsync("EHLO churn.bench", stop.Token) != 250
                        || await client.CommandAsync("QUIT", stop.Token) != 221)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }

                    times[(session * perSession) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var done = times.Where(t => t > 0).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ok={done.Length} failed={failed} seconds={seconds:F2} rate={done.Length / seconds:F0} p50_ms={Percentile(done, 0.50):F1} p99_ms={Percentile(done, 0.99):F1}"));
        return failed == 0 ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
