using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailGrid.Benchmarks.Micro;

namespace MailGrid.Benchmarks.Load;

/// <summary>
/// Sends messages over parallel sessions and times each final dot to its reply (the server's durable-handoff time,
/// which smtp-source does not report). Prints one line: <c>ok=N failed=N seconds=S rate=R p50_ms=X p99_ms=Y</c>;
/// with <c>--connections per-message</c> every message has a connection of its own, and the line adds
/// <c>session_p50_ms</c>/<c>session_p99_ms</c>: connect to the reply of QUIT.
/// </summary>
internal static class LatencyClient
{
    public static async Task<int> RunAsync(LoadArguments options)
    {
        var at = options.To.IndexOf('@', StringComparison.Ordinal);
        var (local, domain) = (options.To[..at], options.To[(at + 1)..]);
        var body = Encoding.ASCII.GetBytes(WireMessage.Body(options.Size).Replace("\r\n.", "\r\n..", StringComparison.Ordinal) + "\r\n.\r\n");
        var perSession = Math.Max(1, options.Messages / options.Sessions);
        var run = new Run(options.Port, perSession, local, domain, options.Recipients, body, perSession * options.Sessions);
        var failed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(session => Task.Run(async () =>
        {
            var lost = options.ConnectionPerMessage
                ? await RunConnectionPerMessageAsync(run, session, stop.Token)
                : await RunSessionAsync(run, session, stop.Token);
            Interlocked.Add(ref failed, lost);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var done = Sorted(run.Latencies);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"ok={done.Length} failed={failed} seconds={seconds:F2} rate={done.Length / seconds:F0} p50_ms={Percentile(done, 0.50):F1} p99_ms={Percentile(done, 0.99):F1}");
        if (options.ConnectionPerMessage)
        {
            var sessions = Sorted(run.SessionTimes);
            line += string.Create(CultureInfo.InvariantCulture, $" session_p50_ms={Percentile(sessions, 0.50):F1} session_p99_ms={Percentile(sessions, 0.99):F1}");
        }

        Console.WriteLine(line);
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RunSessionAsync(Run run, int session, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await OpenAsync(run.Port, cancellationToken);
            for (var i = 0; i < run.PerSession; i++)
            {
                run.Latencies[(session * run.PerSession) + i] = await SendAsync(client, run, cancellationToken);
            }

            await client.CommandAsync("QUIT", cancellationToken);
            return 0;
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            Console.Error.WriteLine($"session {session}: {exception.Message}");
            return run.Missing(session);
        }
    }

    private static async Task<int> RunConnectionPerMessageAsync(Run run, int session, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < run.PerSession; i++)
            {
                var connected = Stopwatch.GetTimestamp();
                await using var client = await OpenAsync(run.Port, cancellationToken);
                var latency = await SendAsync(client, run, cancellationToken);
                Expect(221, await client.CommandAsync("QUIT", cancellationToken), "QUIT");
                run.SessionTimes[(session * run.PerSession) + i] = Stopwatch.GetElapsedTime(connected).TotalMilliseconds;
                run.Latencies[(session * run.PerSession) + i] = latency;
            }

            return 0;
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            Console.Error.WriteLine($"session {session}: {exception.Message}");
            return run.Missing(session);
        }
    }

    private static async Task<SmtpLineClient> OpenAsync(int port, CancellationToken cancellationToken)
    {
        var client = await SmtpLineClient.ConnectAsync(port, cancellationToken);
        try
        {
            Expect(220, await client.ReadReplyAsync(cancellationToken), "greeting");
            Expect(250, await client.CommandAsync("EHLO latency.bench", cancellationToken), "EHLO");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>One transaction; returns the time from the final dot to the 250, in ms.</summary>
    private static async Task<double> SendAsync(SmtpLineClient client, Run run, CancellationToken cancellationToken)
    {
        Expect(250, await client.CommandAsync("MAIL FROM:<sender@latency.bench>", cancellationToken), "MAIL");
        for (var r = 0; r < run.Recipients; r++)
        {
            Expect(250, await client.CommandAsync($"RCPT TO:<{r}{run.Local}@{run.Domain}>", cancellationToken), "RCPT");
        }

        Expect(354, await client.CommandAsync("DATA", cancellationToken), "DATA");
        await client.WriteAsync(run.Body.AsMemory(0, run.Body.Length - 3), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await client.WriteAsync(run.Body.AsMemory(run.Body.Length - 3), cancellationToken);
        Expect(250, await client.ReadReplyAsync(cancellationToken), "end of data");
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static bool IsFailure(Exception exception) =>
        exception is IOException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException;

    private static void Expect(int expected, int actual, string step)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{step}: expected {expected}, got {actual}");
        }
    }

    private static double[] Sorted(double[] values) => values.Where(l => l > 0).Order().ToArray();

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>What every session of a run shares, and the slots it records its times into.</summary>
    private sealed record Run(int Port, int PerSession, string Local, string Domain, int Recipients, byte[] Body, int Total)
    {
        public double[] Latencies { get; } = new double[Total];

        public double[] SessionTimes { get; } = new double[Total];

        public int Missing(int session) => PerSession - Latencies.AsSpan(session * PerSession, PerSession).ToArray().Count(l => l > 0);
    }
}
