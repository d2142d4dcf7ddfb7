namespace MailGrid.Messages;

/// <summary>The durable record of one accepted message: its envelope and each recipient's fate.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.MessageRecord")]
public sealed record MessageRecord
{
    [Id(0)] public required MessageEnvelope Envelope { get; init; }
    [Id(1)] public required RecipientStatus[] Recipients { get; init; }
}
