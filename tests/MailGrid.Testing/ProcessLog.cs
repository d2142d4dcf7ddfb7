using System.Collections.Concurrent;

namespace MailGrid.Testing;

/// <summary>Thread-safe, bounded in-memory log of a child process' stdout and stderr lines.</summary>
public sealed class ProcessLog
{
    private const int MaxLines = 20_000;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Number of lines kept (older lines are dropped past a bound).</summary>
    public int Count => _lines.Count;

    /// <summary>Appends a line; <paramref name="stream"/> is "out" or "err".</summary>
    public void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue($"[{stream}] {line}");
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>True when any kept line contains <paramref name="text"/> (ordinal).</summary>
    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The last <paramref name="lineCount"/> lines joined by newlines, for assertion messages.</summary>
    public string Tail(int lineCount = 60)
    {
        var snapshot = _lines.ToArray();
        return string.Join('\n', snapshot.Skip(Math.Max(0, snapshot.Length - lineCount)));
    }

    /// <inheritdoc />
    public override string ToString() => string.Join('\n', _lines.ToArray());
}
