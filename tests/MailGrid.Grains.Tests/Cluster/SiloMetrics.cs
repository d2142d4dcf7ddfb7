using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Grains.Tests.Cluster;

/// <summary>
/// Records the long-valued measurements of one silo's meters (those its <see cref="IMeterFactory"/> created), so tests
/// running other silos in the same process do not leak in.
/// </summary>
public sealed class SiloMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<SiloMeasurement> _measurements = new();

    public SiloMetrics(IServiceProvider siloServices, string meterName)
    {
        var factory = siloServices.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue(new SiloMeasurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
        _listener.Start();
    }

    /// <summary>Everything recorded so far, in order.</summary>
    public IReadOnlyList<SiloMeasurement> Measurements => [.. _measurements];

    /// <summary>Takes one reading of every observable instrument (gauges) and returns it.</summary>
    public IReadOnlyList<SiloMeasurement> Observe(string instrument)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        return [.. _measurements.Skip(before).Where(m => m.Instrument == instrument)];
    }

    public IEnumerable<SiloMeasurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    public void Dispose() => _listener.Dispose();
}
