using MailGrid.Queues;

namespace MailGrid.Grains.Queues;

/// <summary>
/// One connection slot of one destination (key: "domain/slot"). The domain queue grain hands each slot a batch;
/// a slot is a single activation in the cluster, so N slots mean at most N connections to the destination,
/// wherever the workers were placed. Workers are spread over the silos, so one busy domain is drained by many.
/// </summary>
public interface IDeliveryWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers the entries in order and reports each outcome to the domain's <see cref="IDeliveryOutcomeRecorder"/>
    /// as soon as it is known, under <paramref name="batch"/>; returns every outcome (the queue applies there whatever
    /// no report has brought yet). After a connection failure the rest of the batch is deferred untried.
    /// </summary>
    [ResponseTimeout("01:00:00")]
    Task<DeliveryOutcome[]> DeliverAsync(string domain, long batch, QueueEntry[] entries);
}
