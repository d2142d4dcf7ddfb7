using System.ComponentModel.DataAnnotations;

namespace MailGrid.Grains.Sweep;

/// <summary>The storage sweep (section <c>MailGrid:Sweep</c>): what it removes, how old it must be, how much per pass.</summary>
public sealed class StorageSweepOptions
{
    public const string SectionName = "MailGrid:Sweep";

    /// <summary>Run the sweep on this silo. Default true; every silo may run it at once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two passes (the first comes one interval after start). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old a body blob without a record, or an upload's temp file, must be before it counts as orphaned. A body is
    /// written before its record, so this must exceed the longest SMTP session (<c>MailGrid:Smtp:MaxSessionDuration</c>,
    /// 30 minutes) plus the handoff. Default 1 hour; at least 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a message record is kept once every recipient is final. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Most items one pass looks at of each kind: temp files, expired records, listed blobs. The blob listing resumes
    /// where the last pass stopped, so a large store is covered over several passes. It also caps how many records
    /// expire per <see cref="Interval"/>: the default 10,000 a minute keeps up with ~14 million final messages a day.
    /// Default 10,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxItemsPerPass { get; set; } = 10_000;
}
