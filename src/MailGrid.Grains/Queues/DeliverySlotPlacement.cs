namespace MailGrid.Grains.Queues;

/// <summary>
/// Places the connection slots of one destination ("domain/slot") on the silos in turn, so a busy domain is
/// drained by every silo rather than by whichever one looked least loaded when its few slots were activated.
/// </summary>
[GenerateSerializer, Immutable, Alias("mailgrid.DeliverySlotPlacement")]
public sealed class DeliverySlotPlacement : PlacementStrategy
{
    internal static readonly DeliverySlotPlacement Instance = new();
}
