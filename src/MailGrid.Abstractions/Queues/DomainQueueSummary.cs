namespace MailGrid.Queues;

[GenerateSerializer, Immutable, Alias("mailgrid.DomainQueueSummary")]
public sealed record DomainQueueSummary
{
    [Id(0)] public required string Domain { get; init; }
    [Id(1)] public required long Depth { get; init; }
    [Id(2)] public DateTimeOffset? NextDueAt { get; init; }
    [Id(3)] public bool Delivering { get; init; }
}
