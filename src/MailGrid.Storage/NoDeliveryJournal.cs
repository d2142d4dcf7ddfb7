using MailGrid.Messages;

namespace MailGrid.Storage;

/// <summary>
/// The journal that keeps nothing: for stores whose records are written within a round trip (Redis), where a
/// separate note would not shorten the time between a next hop's reply and its record.
/// </summary>
public sealed class NoDeliveryJournal : IDeliveryJournal
{
    public ValueTask WriteAsync(string domain, string messageId, IReadOnlyList<RecipientOutcome> delivered, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<RecipientOutcome>> FindAsync(string domain, string messageId, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<RecipientOutcome>>([]);

    public ValueTask ForgetAsync(string domain, string messageId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
