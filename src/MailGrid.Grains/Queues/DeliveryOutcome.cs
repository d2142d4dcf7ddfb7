using MailGrid.Messages;

namespace MailGrid.Grains.Queues;

/// <summary>What a delivery worker did with one queue entry.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.DeliveryOutcome")]
public sealed record DeliveryOutcome
{
    [Id(0)] public required string MessageId { get; init; }

    /// <summary>One outcome per recipient of the entry.</summary>
    [Id(1)] public required RecipientOutcome[] Recipients { get; init; }

    /// <summary>No server of the destination could be reached (or none accepted a session): counts toward suspending it.</summary>
    [Id(2)] public bool ConnectionFailed { get; init; }

    /// <summary>The next hop that gave the outcome, when one answered.</summary>
    [Id(3)] public string? Hop { get; init; }
}
