using System.Collections.Concurrent;
using System.Globalization;

namespace MailGrid.LoadGenerator;

/// <summary>Counters of one run; thread-safe.</summary>
internal sealed class LoadStatistics
{
    private readonly ConcurrentQueue<double> _latenciesMs = new();
    private readonly ConcurrentQueue<string> _acceptedLines = new();
    private int _accepted;
    private int _transient;
    private int _failed;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Transient => Volatile.Read(ref _transient);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>"index TAB recipient TAB message id" per accepted message.</summary>
    public IEnumerable<string> AcceptedLines => _acceptedLines;

    public void RecordAccepted(int index, string recipient, string messageId, TimeSpan latency)
    {
        _acceptedLines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{index}\t{recipient}\t{messageId}"));
        _latenciesMs.Enqueue(latency.TotalMilliseconds);
        Interlocked.Increment(ref _accepted);
    }

    public void RecordTransient() => Interlocked.Increment(ref _transient);

    public void RecordFailed() => Interlocked.Increment(ref _failed);

    /// <summary>Latency of accepted transactions (MAIL to the final 250) at quantile <paramref name="q"/>, in ms.</summary>
    public double LatencyPercentile(double q)
    {
        var sorted = _latenciesMs.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}
