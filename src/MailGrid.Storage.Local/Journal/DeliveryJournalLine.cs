using MailGrid.Messages;

namespace MailGrid.Storage.Local.Journal;

/// <summary>One line of a journal file: a delivery noted, or (without <see cref="Delivered"/>) one forgotten.</summary>
internal sealed record DeliveryJournalLine
{
    public required string Domain { get; init; }

    public required string MessageId { get; init; }

    /// <summary>The recipients the next hop accepted; null on the line that forgets the message.</summary>
    public RecipientOutcome[]? Delivered { get; init; }
}
