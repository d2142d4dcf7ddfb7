using System.Diagnostics;
using System.Diagnostics.Metrics;
using MailGrid.Messages;

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

    public DeliveryTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _recipients = meter.CreateCounter<long>("mailgrid.delivery.recipients", "{recipient}", "Recipient outcomes of delivery attempts, by outcome (delivered, deferred, failed).");
        _attemptDuration = meter.CreateHistogram<double>("mailgrid.delivery.attempt.duration", "s", "Duration of one delivery attempt to a next hop.");
        _latency = meter.CreateHistogram<double>("mailgrid.delivery.latency", "s", "Time from acceptance to a final outcome, by outcome.");
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

    public void RecipientOutcome(RecipientState state, DateTimeOffset arrivedAt, DateTimeOffset now)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", state.ToString().ToLowerInvariant());
        _recipients.Add(1, outcome);
        if (state is RecipientState.Delivered or RecipientState.Failed)
        {
            _latency.Record((now - arrivedAt).TotalSeconds, outcome);
        }
    }
}
