namespace MailGrid.Queues;

[GenerateSerializer, Immutable, Alias("mailgrid.DomainQueueSummary")]
public sealed record DomainQueueSummary
{
    [Id(0)] public required string Domain { get; init; }
    [Id(1)] public required long Depth { get; init; }
    [Id(2)] public DateTimeOffset? NextDueAt { get; init; }
    [Id(3)] public bool Delivering { get; init; }

    /// <summary>Paused by an administrator.</summary>
    [Id(4)] public bool Paused { get; init; }

    /// <summary>Set while the domain is suspended after repeated connection failures.</summary>
    [Id(5)] public DateTimeOffset? SuspendedUntil { get; init; }

    /// <summary>Set while the destination's message rate limit holds due mail back: when the next send is allowed.</summary>
    [Id(6)] public DateTimeOffset? RateLimitedUntil { get; init; }
}
