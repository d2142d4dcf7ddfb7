using MailGrid.Delivery;
using MailGrid.Dsn;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Messages;

/// <summary>
/// Owns one message's record. Acceptance writes the record, then appends to each local mailbox and enqueues
/// into each destination domain's queue, all before returning: the ingress says 250 only after that.
/// Outcomes reported later update the record and produce the DSNs the sender asked for.
/// </summary>
// Deferred messages wait for their next attempt as records, not as activations.
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class MessageGrain(
    IMessageStore store,
    IBlobStore blobs,
    DsnSender dsn,
    DsnPolicy dsnPolicy,
    IOptionsMonitor<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<MessageGrain> logger) : Grain, IMessageGrain
{
    private MessageRecord? _record;

    public async Task AcceptAsync(MessageEnvelope envelope)
    {
        var now = time.GetUtcNow();

        // Local recipients are marked delivered up front: if an append fails, this call fails, the client gets
        // 451 and resends under a new id, so the record never claims a delivery that did not happen.
        var mailboxes = envelope.Recipients.Where(r => r.Route == RecipientRouteKind.Mailbox).Select(r => r.Target).Distinct(StringComparer.Ordinal).ToArray();
        var statuses = envelope.Recipients.Select(r => new RecipientStatus
        {
            Address = r.Address,
            State = r.Route == RecipientRouteKind.Mailbox ? RecipientState.Delivered : RecipientState.Queued,
            Detail = r.Route == RecipientRouteKind.Mailbox ? $"stored in mailbox {r.Target}" : null,
            Attempts = r.Route == RecipientRouteKind.Mailbox ? 1 : 0,
            UpdatedAt = now,
        }).ToArray();

        var record = new MessageRecord { Envelope = envelope, Recipients = statuses, MailboxCopies = mailboxes.Length };

        // The record and the handoffs are written side by side, so they share group commits instead of waiting for
        // one after the other. All of them must succeed before the 250; if any fails, the client resends under a new
        // id, and a queue entry whose record is missing still carries everything its delivery needs.
        var handoffs = new List<Task> { store.SaveAsync(record, CancellationToken.None) };
        foreach (var mailbox in mailboxes)
        {
            var entry = new MailboxEntry
            {
                MessageId = envelope.MessageId,
                BlobKey = envelope.BlobKey,
                Size = envelope.Size,
                ReceivedAt = envelope.ArrivedAt,
                ReversePath = envelope.ReversePath,
            };
            handoffs.Add(GrainFactory.GetGrain<IMailboxGrain>(mailbox).AppendAsync(entry));
        }

        foreach (var byDomain in envelope.Recipients.Where(r => r.Route == RecipientRouteKind.Remote).GroupBy(r => r.Target, StringComparer.Ordinal))
        {
            var entry = new QueueEntry
            {
                MessageId = envelope.MessageId,
                BlobKey = envelope.BlobKey,
                ReversePath = envelope.ReversePath,
                Recipients = byDomain.Select(r => r.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                ArrivedAt = envelope.ArrivedAt,
                DueAt = now,
                Size = envelope.Size,
                TraceParent = envelope.TraceParent,
                DsnReturn = envelope.DsnReturn,
                DsnEnvelopeId = envelope.DsnEnvelopeId,
                DsnRecipients = [.. byDomain.Where(DeliveryRequest.CarriesDsnParameters)],
                SmtpUtf8 = envelope.SmtpUtf8,
            };
            handoffs.Add(GrainFactory.GetGrain<IDomainQueueGrain>(byDomain.Key).EnqueueAsync(entry));
        }

        await Task.WhenAll(handoffs);
        _record = record;
        LogAccepted(logger, envelope.MessageId, mailboxes.Length, handoffs.Count - mailboxes.Length - 1);

        // A success DSN for local delivery (NOTIFY=SUCCESS) is sent after the 250, not on its path.
        var local = envelope.Recipients.Where(r => r.Route == RecipientRouteKind.Mailbox)
            .Select(r => new DsnRecipientOutcome(r.Address, DsnRecipientEvent.DeliveredLocally, $"250 2.0.0 stored in mailbox {r.Target}", null, now)).ToArray();
        if (DsnPolicy.Reports(envelope, local).Count > 0)
        {
            this.RegisterGrainTimer(_ => SendDsnAsync(envelope, local), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
            return;
        }

        DeactivateWhenFinal();
    }

    /// <summary>
    /// Message grains come and go by the thousand per second. One whose recipients are all final has nothing left to
    /// do; left to the idle collection (15 minutes by default) a full-speed ingest would hold over a million of them.
    /// A later call (a mailbox copy released, a status read) simply activates it again from its record.
    /// </summary>
    private void DeactivateWhenFinal()
    {
        if (_record is { } record && AllFinal(record))
        {
            this.DeactivateOnIdle();
        }
    }

    private static bool IsFinal(RecipientState state) => MessageFinality.IsFinal(state);

    private static bool AllFinal(MessageRecord record) => MessageFinality.IsFinal(record);

    public async Task<MessageRecord?> GetRecordAsync() => _record ??= await store.GetAsync(this.GetPrimaryKeyString(), CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {MessageId}: {Mailboxes} mailbox(es), {Domains} domain queue(s)")]
    private static partial void LogAccepted(ILogger logger, string messageId, int mailboxes, int domains);
}
