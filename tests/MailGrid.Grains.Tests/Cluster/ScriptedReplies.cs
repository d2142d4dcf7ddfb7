using System.Collections.Concurrent;

namespace MailGrid.Grains.Tests.Cluster;

/// <summary>
/// RCPT replies of the sink chosen by the recipient's local part, so one sink serves every scenario:
/// "reject…" gets 550, "defer…" always 450, "flaky…" 451 on its first two tries and 250 after; anything else 250.
/// </summary>
public sealed class ScriptedReplies
{
    public const int FlakyFailures = 2;

    private readonly ConcurrentDictionary<string, int> _tries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many RCPT commands the sink has seen for <paramref name="address"/>.</summary>
    public int TriesOf(string address) => _tries.GetValueOrDefault(address);

    public string? ReplyTo(string address)
    {
        var tries = _tries.AddOrUpdate(address, 1, (_, n) => n + 1);
        var local = address[..address.IndexOf('@', StringComparison.Ordinal)];
        if (local.StartsWith("reject", StringComparison.OrdinalIgnoreCase))
        {
            return $"550 5.1.1 <{address}>: no such user";
        }

        if (local.StartsWith("defer", StringComparison.OrdinalIgnoreCase))
        {
            return $"450 4.2.0 <{address}>: mailbox busy";
        }

        if (local.StartsWith("flaky", StringComparison.OrdinalIgnoreCase) && tries <= FlakyFailures)
        {
            return $"451 4.3.0 <{address}>: try again ({tries})";
        }

        return null;
    }
}
