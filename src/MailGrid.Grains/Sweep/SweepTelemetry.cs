using System.Diagnostics.Metrics;

namespace MailGrid.Grains.Sweep;

/// <summary>Metrics of the storage sweep, meter "MailGrid.Sweep": what it removed and how long a pass took.</summary>
public sealed class SweepTelemetry
{
    public const string Name = "MailGrid.Sweep";

    private readonly Counter<long> _blobsChecked;
    private readonly Counter<long> _blobsRemoved;
    private readonly Counter<long> _uploadsRemoved;
    private readonly Counter<long> _recordsExpired;
    private readonly Histogram<double> _passDuration;

    public SweepTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Name);
        _blobsChecked = meter.CreateCounter<long>("mailgrid.sweep.blobs.checked", "{blob}", "Blobs the sweep listed and checked for a record or mailbox entry.");
        _blobsRemoved = meter.CreateCounter<long>("mailgrid.sweep.blobs.removed", "{blob}", "Orphaned body blobs (no record, no mailbox entry, older than the grace period) deleted.");
        _uploadsRemoved = meter.CreateCounter<long>("mailgrid.sweep.uploads.removed", "{upload}", "Temp files of uploads a crash left, deleted.");
        _recordsExpired = meter.CreateCounter<long>("mailgrid.sweep.records.expired", "{record}", "Final message records past retention deleted.");
        _passDuration = meter.CreateHistogram<double>("mailgrid.sweep.pass.duration", "s", "Duration of one sweep pass, by outcome (completed, failed).");
    }

    public void PassFinished(SweepPassResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(result);
        Add(_blobsChecked, result.BlobsChecked);
        Add(_blobsRemoved, result.BlobsRemoved);
        Add(_uploadsRemoved, result.UploadsRemoved);
        Add(_recordsExpired, result.RecordsExpired);
        _passDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", result.Failed ? "failed" : "completed"));
    }

    private static void Add(Counter<long> counter, int count)
    {
        if (count > 0)
        {
            counter.Add(count);
        }
    }
}
