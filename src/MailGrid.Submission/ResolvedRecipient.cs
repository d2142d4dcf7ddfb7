using MailGrid.Messages;

namespace MailGrid.Submission;

/// <summary>What the directory made of one recipient: routed, or refused and why.</summary>
/// <param name="Recipient">The routed recipient, to pass to <see cref="SubmissionEnvelope.Recipients"/>; null when refused.</param>
/// <param name="Refusal">Why it was refused; <see cref="RecipientRefusal.None"/> when accepted.</param>
public readonly record struct ResolvedRecipient(EnvelopeRecipient? Recipient, RecipientRefusal Refusal)
{
    public bool IsAccepted => Refusal == RecipientRefusal.None;
}
