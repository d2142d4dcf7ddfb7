using System.Diagnostics;
using System.Diagnostics.Metrics;
using MailGrid.Messages;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Telemetry;

/// <summary>
/// Traces and metrics of outbound delivery, both named "MailGrid.Delivery": a span per attempt
/// ("delivery.attempt") linked to the SMTP transaction that accepted the message, and the instruments below.
/// </summary>
public sealed class DeliveryTelemetry
{
    public const string Name = "MailGrid.Delivery";

    private readonly Counter<long> _recipients;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _connectionsOpened;
    private readonly UpDownCounter<long> _connectionsActive;
    private readonly Histogram<long> _messagesPerConnection;
    private readonly DeliveryTelemetryOptions _options;
    private long _queueDepth = -1;
    private KeyValuePair<string, long>[] _deepestQueues = [];

    public DeliveryTelemetry(IMeterFactory meterFactory, IOptions<DeliveryTelemetryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var meter = meterFactory.Create(Name);
        _recipients = meter.CreateCounter<long>("mailgrid.delivery.recipients", "{recipient}", "Recipient outcomes of delivery attempts, by outcome (delivered, deferred, failed).");
        _attemptDuration = meter.CreateHistogram<double>("mailgrid.delivery.attempt.duration", "s", "Duration of one delivery attempt to a next hop.");
        _latency = meter.CreateHistogram<double>("mailgrid.delivery.latency", "s", "Time from acceptance to a final outcome, by outcome.");
        _connectionsOpened = meter.CreateCounter<long>("mailgrid.delivery.connections", "{connection}", "Outbound SMTP connections opened (past EHLO).");
        _connectionsActive = meter.CreateUpDownCounter<long>("mailgrid.delivery.connections.active", "{connection}", "Outbound SMTP connections open right now.");
        _messagesPerConnection = meter.CreateHistogram<long>("mailgrid.delivery.connection.messages", "{message}", "Mail transactions one outbound connection carried, recorded when it closes.");
        meter.CreateObservableGauge("mailgrid.queue.depth", ObserveQueueDepth, "{message}", "Queue entries waiting for remote delivery, cluster-wide, as of this silo's last recovery scan.");
        meter.CreateObservableGauge("mailgrid.queue.domain.depth", ObserveDeepestQueues, "{message}", "Entries of the deepest domain queues (top N, MailGrid:Delivery:Telemetry:QueueDepthTopDomains), by domain.");
    }

    public ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Starts the span of one attempt; <paramref name="acceptedBy"/> is the traceparent of the accepting SMTP transaction.</summary>
    public Activity? StartAttempt(string domain, string messageId, int recipients, string? acceptedBy)
    {
        // A new trace per attempt, linked (not parented) to the ingress: attempts may come hours later.
        ActivityLink[]? links = acceptedBy is not null && ActivityContext.TryParse(acceptedBy, null, out var context) ? [new ActivityLink(context)] : null;
        var activity = ActivitySource.StartActivity("delivery.attempt", ActivityKind.Client, parentContext: default, links: links);
        activity?.SetTag("mailgrid.message_id", messageId);
        activity?.SetTag("mailgrid.destination_domain", domain);
        activity?.SetTag("mailgrid.recipients", recipients);
        return activity;
    }

    public void AttemptFinished(TimeSpan duration) => _attemptDuration.Record(duration.TotalSeconds);

    /// <summary>Counts a connection that got past EHLO; dispose of it through <see cref="DeliveryConnectionUsage.Closed"/>.</summary>
    public DeliveryConnectionUsage ConnectionOpened(string domain)
    {
        var tags = _options.ConnectionsByDomain ? new TagList { { "domain", domain } } : default;
        _connectionsOpened.Add(1, tags);
        return new DeliveryConnectionUsage(_connectionsActive, _messagesPerConnection, tags);
    }

    /// <summary>Publishes the depth of every non-empty domain queue (one scan); the gauges report it until the next.</summary>
    public void QueueDepthScanned(IReadOnlyCollection<KeyValuePair<string, long>> depthByDomain)
    {
        ArgumentNullException.ThrowIfNull(depthByDomain);
        var top = _options.QueueDepthTopDomains;
        // Only the deepest few get a series of their own: one tag value per destination would be unbounded.
        Volatile.Write(ref _deepestQueues, top == 0 ? [] : [.. depthByDomain.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(top)]);
        Interlocked.Exchange(ref _queueDepth, depthByDomain.Sum(d => d.Value));
    }

    public void RecipientOutcome(RecipientState state, DateTimeOffset arrivedAt, DateTimeOffset now)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", state.ToString().ToLowerInvariant());
        _recipients.Add(1, outcome);
        if (state is RecipientState.Delivered or RecipientState.Failed)
        {
            _latency.Record((now - arrivedAt).TotalSeconds, outcome);
        }
    }

    private IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        var depth = Interlocked.Read(ref _queueDepth);
        // Nothing before the first scan: a zero would claim an empty queue.
        return depth < 0 ? [] : [new Measurement<long>(depth)];
    }

    private IEnumerable<Measurement<long>> ObserveDeepestQueues()
        => Volatile.Read(ref _deepestQueues).Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("domain", d.Key)));
}
