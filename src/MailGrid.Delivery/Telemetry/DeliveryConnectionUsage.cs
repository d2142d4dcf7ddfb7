using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MailGrid.Delivery.Telemetry;

/// <summary>
/// The metrics side of one open outbound connection: counted as active from <see cref="DeliveryTelemetry.ConnectionOpened"/>
/// until <see cref="Closed"/>, which also records how many messages it carried.
/// </summary>
public sealed class DeliveryConnectionUsage
{
    private readonly UpDownCounter<long> _active;
    private readonly Histogram<long> _messagesPerConnection;
    private readonly TagList _tags;
    private int _messages;
    private int _closed;

    internal DeliveryConnectionUsage(UpDownCounter<long> active, Histogram<long> messagesPerConnection, TagList tags)
    {
        _active = active;
        _messagesPerConnection = messagesPerConnection;
        _tags = tags;
        _active.Add(1, _tags);
    }

    /// <summary>A mail transaction started on the connection.</summary>
    public void MessageStarted() => Interlocked.Increment(ref _messages);

    /// <summary>The connection is gone; later calls do nothing.</summary>
    public void Closed()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _active.Add(-1, _tags);
            _messagesPerConnection.Record(Volatile.Read(ref _messages), _tags);
        }
    }
}
