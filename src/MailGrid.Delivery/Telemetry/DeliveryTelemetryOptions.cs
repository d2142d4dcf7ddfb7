using System.ComponentModel.DataAnnotations;

namespace MailGrid.Delivery.Telemetry;

/// <summary>
/// How much per-domain detail delivery metrics carry (section <c>MailGrid:Delivery:Telemetry</c>). Destination
/// domains are unbounded, so per-domain series are opt-in or capped.
/// </summary>
public sealed class DeliveryTelemetryOptions
{
    public const string SectionName = "MailGrid:Delivery:Telemetry";

    /// <summary>How many of the deepest domain queues <c>mailgrid.queue.domain.depth</c> reports (with a <c>domain</c> tag); 0 turns it off. Default 10.</summary>
    [Range(0, 1000)]
    public int QueueDepthTopDomains { get; set; } = 10;

    /// <summary>Tag the connection instruments with the destination <c>domain</c>. Default false: one series for all domains.</summary>
    public bool ConnectionsByDomain { get; set; }
}
