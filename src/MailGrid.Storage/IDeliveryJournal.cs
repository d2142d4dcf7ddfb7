using MailGrid.Messages;

namespace MailGrid.Storage;

/// <summary>
/// Deliveries a next hop has accepted, noted the moment its reply arrives and kept until the message record and the
/// queue entry show them. A note costs a write to the operating system, not a durable commit: it survives a crash
/// of the process (kill -9), not necessarily one of the machine, and a lost note costs one more delivery of that
/// message, never a lost message. Where records are written within a round trip anyway, the journal keeps nothing.
/// </summary>
public interface IDeliveryJournal
{
    /// <summary>Notes that the next hop for <paramref name="domain"/> accepted the message for <paramref name="delivered"/>.</summary>
    ValueTask WriteAsync(string domain, string messageId, IReadOnlyList<RecipientOutcome> delivered, CancellationToken cancellationToken);

    /// <summary>The noted outcomes of the message that are not forgotten yet, from this run or one that crashed; empty when none.</summary>
    ValueTask<IReadOnlyList<RecipientOutcome>> FindAsync(string domain, string messageId, CancellationToken cancellationToken);

    /// <summary>The record and the queue entry show the outcomes now (or the entry is gone): the note goes.</summary>
    ValueTask ForgetAsync(string domain, string messageId, CancellationToken cancellationToken);
}
