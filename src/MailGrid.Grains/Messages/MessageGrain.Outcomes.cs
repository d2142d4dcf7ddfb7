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
            if (!byAddress.TryGetValue(status.Address, out var outcome) || IsFinal(status.State))
            {
                return status;
            }

            var delayNotice = outcome.State == RecipientState.Deferred
                && dsnPolicy.IsDelayNoticeDue(record.Envelope.ArrivedAt, now, status.DelayNoticeSent);
            if (EventOf(outcome, delayNotice) is { } dsnEvent)
            {
                events.Add(new DsnRecipientOutcome(outcome.Address, dsnEvent, outcome.Detail, RemoteMta(outcome.RemoteHost), outcome.At) { DiagnosticReply = outcome.LastReply });
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
        if (events.Count == 0)
        {
            // The common end (delivered, no DSN wanted): the final record and the body's deletion share one commit.
            await SaveAndCollectBodyAsync();
            DeactivateWhenFinal();
            return;
        }

        await store.SaveAsync(_record, CancellationToken.None);

        // One DSN for the recipients of this report that need one (RFC 3464 §2: one per message and event batch).
        // It may quote the body (RET=FULL), so the body goes only after it.
        await SendDsnAsync(record.Envelope, events);
        if (IsBodyCollectable(_record))
        {
            await SaveAndCollectBodyAsync();
        }

        DeactivateWhenFinal();
    }

    /// <summary>Saves the record and, when nothing can need the body again, deletes it side by side.</summary>
    private async Task SaveAndCollectBodyAsync()
    {
        var record = _record!;
        if (!IsBodyCollectable(record))
        {
            await store.SaveAsync(record, CancellationToken.None);
            return;
        }

        _record = record with { BodyDeleted = true };
        var save = store.SaveAsync(_record, CancellationToken.None);
        try
        {
            await blobs.DeleteAsync(record.Envelope.BlobKey, CancellationToken.None);
        }
        catch (StorageUnavailableException ex)
        {
            // The body stays; the record must not claim otherwise, so the next outcome or release tries again.
            LogCollectFailed(logger, record.Envelope.MessageId, ex);
            await save;
            _record = _record with { BodyDeleted = false };
            await store.SaveAsync(_record, CancellationToken.None);
            return;
        }

        await save;
    }

    private static bool IsBodyCollectable(MessageRecord record) =>
        record is { BodyDeleted: false, MailboxCopies: 0 } && AllFinal(record);

    public async Task ReleaseMailboxCopyAsync()
    {
        if (await GetRecordAsync() is not { } record)
        {
            return;
        }

        _record = record with { MailboxCopies = Math.Max(0, record.MailboxCopies - 1) };
        await SaveAndCollectBodyAsync();
        DeactivateWhenFinal();
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
            await dsn.SendAsync(envelope, reports, CancellationToken.None);
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
