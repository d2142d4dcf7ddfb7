using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MailGrid.LoadGenerator;

/// <summary><c>send</c>: drives the load and prints one <c>key=value</c> summary line for scripts.</summary>
internal static class SendCommand
{
    public static async Task<int> RunAsync(LoadArguments arguments)
    {
        var targets = arguments.All("target").Select(IPEndPoint.Parse).ToArray();
        if (targets.Length == 0)
        {
            throw new ArgumentException("At least one --target HOST:PORT is required.");
        }

        var seconds = arguments.Number("seconds", 20);
        var mailboxes = arguments.Number("mailboxes", 20);
        var size = arguments.Number("size", 2048);
        var domain = arguments.Text("domain", "example.test");
        var prefix = arguments.Text("prefix", "user");
        var runId = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        var statistics = new LoadStatistics();
        var runner = new LoadRunner(
            targets,
            arguments.Number("connections", 8),
            arguments.Number("per-connection", 20),
            arguments.Number("max-messages", 5000),
            index =>
            {
                var recipient = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index % mailboxes}@{domain}");
                return (recipient, LoadMessage.Create(runId, index, "load@load.test", recipient, size));
            },
            statistics);

        var clock = Stopwatch.StartNew();
        await runner.RunAsync(TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed.TotalSeconds;

        if (arguments.Text("accepted", "") is { Length: > 0 } path)
        {
            await File.WriteAllLinesAsync(path, statistics.AcceptedLines);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accepted={statistics.Accepted} transient={statistics.Transient} failed={statistics.Failed} seconds={elapsed:F1} " +
            $"rate={statistics.Accepted / elapsed:F1} p50ms={statistics.LatencyPercentile(0.5):F1} p99ms={statistics.LatencyPercentile(0.99):F1}"));
        return statistics.Failed == 0 ? 0 : 1;
    }
}
