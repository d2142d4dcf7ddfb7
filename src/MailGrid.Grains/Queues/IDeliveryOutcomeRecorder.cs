using Orleans.Concurrency;

namespace MailGrid.Grains.Queues;

/// <summary>
/// The domain queue's side of a batch in delivery (key: the domain; the same activation as its domain queue grain).
/// A delivery worker reports each message's outcome here as soon as the next hop has answered it, while the rest of
/// the batch goes on, so a crash in the middle of a batch sends again only what had no answer yet.
/// </summary>
public interface IDeliveryOutcomeRecorder : IGrainWithStringKey
{
    /// <summary>
    /// Applies the outcome of one entry of batch <paramref name="batch"/> (the number the queue gave the batch); an
    /// outcome for a batch the queue does not know (a previous activation handed it out) only reaches the message record.
    /// </summary>
    // The queue grain is awaiting the worker's batch when the worker calls: the call must interleave with it.
    [AlwaysInterleave]
    Task RecordOutcomeAsync(long batch, DeliveryOutcome outcome);
}
