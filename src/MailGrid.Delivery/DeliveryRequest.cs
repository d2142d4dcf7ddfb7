namespace MailGrid.Delivery;

/// <summary>One message to hand to a next hop for some of its recipients.</summary>
public sealed record DeliveryRequest(string MessageId, string BlobKey, string ReversePath, IReadOnlyList<string> Recipients);
