namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Outcome of a delivery check. Losses must be zero; copies are allowed (at-least-once): a transaction that
/// failed with 4xx after part of its fan-out was stored leaves a copy, and the client's retry another.
/// </summary>
internal sealed record DeliveryReport(
    int Accepted,
    int LostLocal,
    int LostRemote,
    int DuplicateMailboxEntries,
    int MailboxCopiesOfRetriedTransactions,
    int DuplicateRemoteDeliveries)
{
    public override string ToString() =>
        $"{Accepted} accepted; lost: {LostLocal} local, {LostRemote} remote; copies: {DuplicateMailboxEntries} duplicate mailbox entries, " +
        $"{MailboxCopiesOfRetriedTransactions} mailbox entries from 4xx'd attempts, {DuplicateRemoteDeliveries} duplicate remote deliveries";
}
