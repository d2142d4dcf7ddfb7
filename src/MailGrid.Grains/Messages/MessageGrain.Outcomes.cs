using MailGrid.Delivery.Routing;
using MailGrid.Dsn;
using MailGrid.Messages;
using MailGrid.Storage;

namespace MailGrid.Grains.Messages;

/// <summary>Outcomes of delivery attempts: the record's per-recipient fate, and the DSNs they call for.</summary>
public sealed partial class MessageGrain
{
    public async Task ReportAsync(RecipientOutcome[] outcomes)
    {
        var record = await GetRecordAsync();
        if (record is null)
        {
            LogUnknownMessage(logger, this.GetPrimaryKeyString());
            return;
        }

        var now = time.GetUtcNow();
        var byAddress = outcomes.ToDictionary(o => o.Address, StringComparer.OrdinalIgnoreCase);
        var events = new List<DsnRecipientOutcome>();
        var updated = record.Recipients.Select(status =>
        {
            if (!byAddress.TryGetValue(status.Address, out var outcome) || status.State is RecipientState.Delivered or RecipientState.Failed)
            {
                return status;
            }

            var delayNotice = outcome.State == RecipientState.Deferred
                && dsnPolicy.IsDelayNoticeDue(record.Envelope.ArrivedAt, now, status.DelayNoticeSent);
            if (EventOf(outcome, delayNotice) is { } dsnEvent)
            {
                events.Add(new DsnRecipientOutcome(outcome.Address, dsnEvent, outcome.Detail, RemoteMta(outcome.RemoteHost), outcome.At));
            }

            return status with
            {
                State = outcome.State,
                Detail = outcome.Detail,
                RemoteHost = outcome.RemoteHost,
                Attempts = status.Attempts + 1,
                UpdatedAt = outcome.At,
                DelayNoticeSent = status.DelayNoticeSent || delayNotice,
            };
        }).ToArray();

        _record = record with { Recipients = updated };
        await store.SaveAsync(_record, CancellationToken.None);

        // One DSN for the recipients of this report that need one (RFC 3464 §2: one per message and event batch).
        if (events.Count > 0)
        {
            await SendDsnAsync(record.Envelope, events);
        }

        await CollectBodyAsync();
    }

    public async Task ReleaseMailboxCopyAsync()
    {
        if (await GetRecordAsync() is not { } record)
        {
            return;
        }

        _record = record with { MailboxCopies = Math.Max(0, record.MailboxCopies - 1) };
        await store.SaveAsync(_record, CancellationToken.None);
        await CollectBodyAsync();
    }

    /// <summary>Deletes the body once nothing can need it again: every recipient final, no mailbox copy left.</summary>
    private async Task CollectBodyAsync()
    {
        if (_record is not { BodyDeleted: false, MailboxCopies: 0 } record
            || record.Recipients.Any(r => r.State is not (RecipientState.Delivered or RecipientState.Failed)))
        {
            return;
        }

        try
        {
            await blobs.DeleteAsync(record.Envelope.BlobKey, CancellationToken.None);
            _record = record with { BodyDeleted = true };
            await store.SaveAsync(_record, CancellationToken.None);
        }
        catch (StorageUnavailableException ex)
        {
            // Kept for now; the next outcome or release tries again.
            LogCollectFailed(logger, record.Envelope.MessageId, ex);
        }
    }

    /// <summary>Remote-MTA names a host (RFC 3464 2.3.5), not the host:port the status record keeps.</summary>
    private static string? RemoteMta(string? remoteHost) => NextHop.TryParse(remoteHost, out var hop) ? hop!.Host : remoteHost;

    private static DsnRecipientEvent? EventOf(RecipientOutcome outcome, bool delayNotice) => outcome.State switch
    {
        RecipientState.Failed => DsnRecipientEvent.Failed,
        RecipientState.Delivered => outcome.NextHopSupportsDsn ? DsnRecipientEvent.RelayedToDsnServer : DsnRecipientEvent.RelayedToNonDsnServer,
        RecipientState.Deferred when delayNotice => DsnRecipientEvent.Delayed,
        _ => null,
    };

    private async Task SendDsnAsync(MessageEnvelope envelope, IReadOnlyList<DsnRecipientOutcome> events)
    {
        var reports = DsnPolicy.Reports(envelope, events, envelope.ArrivedAt + delivery.CurrentValue.MaxLifetime);
        if (reports.Count == 0)
        {
            return;
        }

        try
        {
            await dsn.SendAsync(GrainFactory, envelope, reports, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The recipients' fate is recorded either way; a lost notice is logged, never retried into a loop.
            LogDsnFailed(logger, envelope.MessageId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome reported for unknown message {MessageId}")]
    private static partial void LogUnknownMessage(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Body of {MessageId} could not be deleted yet")]
    private static partial void LogCollectFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "DSN for {MessageId} could not be sent")]
    private static partial void LogDsnFailed(ILogger logger, string messageId, Exception exception);
}
