using MailGrid.Messages;
using Microsoft.Extensions.Options;

namespace MailGrid.Dsn;

/// <summary>
/// Decides which recipient events produce a DSN (RFC 3461 §4.1, §5.2): failures unless NOTIFY leaves FAILURE out;
/// one delay notice when NOTIFY has DELAY or is absent, once the delay threshold has passed; success only with
/// NOTIFY=SUCCESS ("relayed" when the next hop does not support DSN, nothing when it does: it reports itself);
/// NOTIFY=NEVER silences all; a message from the null sender never gets a DSN (no bounce loops).
/// </summary>
public sealed class DsnPolicy(IOptions<DsnOptions> options)
{
    /// <summary>The action to report for <paramref name="recipient"/>, or null when no DSN is due for it.</summary>
    public static DsnAction? Decide(MessageEnvelope envelope, EnvelopeRecipient recipient, DsnRecipientEvent recipientEvent)
    {
        if (envelope.ReversePath.Length == 0)
        {
            return null;
        }

        var notify = DsnNotify.Parse(recipient.DsnNotify);
        if (notify.Never)
        {
            return null;
        }

        return recipientEvent switch
        {
            DsnRecipientEvent.Failed when notify.Failure => DsnAction.Failed,
            DsnRecipientEvent.Delayed when notify.Delay => DsnAction.Delayed,
            DsnRecipientEvent.DeliveredLocally when notify.Success => DsnAction.Delivered,
            DsnRecipientEvent.RelayedToNonDsnServer when notify.Success => DsnAction.Relayed,
            _ => null,
        };
    }

    /// <summary>
    /// The per-recipient reports of one DSN for outcomes that reached a state together (one DSN per message per
    /// batch, RFC 3464 §2): only recipients whose NOTIFY asks for it, with ORCPT taken from the envelope.
    /// Empty when no DSN is due (then send none). <paramref name="expiresAt"/> fills Will-Retry-Until of delays.
    /// </summary>
    public static IReadOnlyList<DsnRecipientReport> Reports(MessageEnvelope envelope, IEnumerable<DsnRecipientOutcome> outcomes, DateTimeOffset? expiresAt = null)
    {
        var reports = new List<DsnRecipientReport>();
        foreach (var outcome in outcomes)
        {
            var recipient = envelope.Recipients.FirstOrDefault(r => string.Equals(r.Address, outcome.Address, StringComparison.OrdinalIgnoreCase))
                ?? new EnvelopeRecipient { Address = outcome.Address, Route = RecipientRouteKind.Remote, Target = string.Empty };
            if (Decide(envelope, recipient, outcome.Event) is not { } action)
            {
                continue;
            }

            reports.Add(new DsnRecipientReport
            {
                FinalRecipient = outcome.Address,
                OriginalRecipient = recipient.DsnOriginalRecipient,
                Action = action,
                Reply = outcome.Reply,
                DiagnosticReply = outcome.DiagnosticReply,
                RemoteMta = outcome.RemoteMta,
                LastAttemptDate = outcome.At,
                WillRetryUntil = action == DsnAction.Delayed ? expiresAt : null,
            });
        }

        return reports;
    }

    /// <summary>True when a delay notice is due: the threshold has passed since arrival and none was sent before.</summary>
    public bool IsDelayNoticeDue(DateTimeOffset arrivedAt, DateTimeOffset now, bool delayNoticeSent)
        => !delayNoticeSent && now - arrivedAt >= options.Value.DelayNotificationAfter;
}
