namespace MailGrid.Grains.Queues;

/// <summary>The little a domain queue keeps besides its entries: whether an administrator paused it.</summary>
[GenerateSerializer, Alias("mailgrid.DomainQueueState")]
public sealed class DomainQueueState
{
    [Id(0)] public bool Paused { get; set; }
}
