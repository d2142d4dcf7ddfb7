using System.Diagnostics;

namespace MailGrid.Benchmarks.Load;

/// <summary>
/// Opens <c>--count</c> SMTP sessions, waits for each greeting and sends EHLO, prints <c>open=N greeted=N</c>,
/// holds them idle for <c>--hold-seconds</c> (while bench/run.sh reads the server's memory), then closes them.
/// </summary>
internal static class IdleConnections
{
    private const int ConnectParallelism = 50;

    public static async Task<int> RunAsync(LoadArguments options)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120 + options.HoldSeconds));
        var clients = new List<SmtpLineClient>(options.Count);
        var greeted = 0;
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(ConnectParallelism);
        var opening = Enumerable.Range(0, options.Count).Select(async _ =>
        {
            await gate.WaitAsync(stop.Token);
            try
            {
                var client = await SmtpLineClient.ConnectAsync(options.Port, stop.Token);
                lock (clients)
                {
                    clients.Add(client);
                }

                if (await client.ReadReplyAsync(stop.Token) == 220 && await client.CommandAsync("EHLO idle.bench", stop.Token) == 250)
                {
                    Interlocked.Increment(ref greeted);
                }
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Counted as not greeted.
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opening);
        Console.WriteLine($"open={clients.Count} greeted={greeted} seconds={clock.Elapsed.TotalSeconds:F1}");
        await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return greeted == options.Count ? 0 : 1;
    }
}
