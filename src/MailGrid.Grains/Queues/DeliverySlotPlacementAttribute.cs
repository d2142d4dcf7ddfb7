using Orleans.Placement;

namespace MailGrid.Grains.Queues;

/// <summary>Marks a grain keyed "domain/slot" for <see cref="DeliverySlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DeliverySlotPlacementAttribute() : PlacementAttribute(DeliverySlotPlacement.Instance);
