namespace MailGrid.Dsn;

/// <summary>What happened to one recipient, as the queue knows it: the input of <see cref="DsnPolicy.Reports"/>.</summary>
/// <param name="Address">The recipient address (as in <c>EnvelopeRecipient.Address</c>).</param>
/// <param name="Event">The DSN-relevant event.</param>
/// <param name="Reply">The deciding SMTP reply or local reason, e.g. "550 5.1.1 No such user" or "mailbox uid 7".</param>
/// <param name="RemoteMta">The server that gave <paramref name="Reply"/>, if any (an MX host name or address).</param>
/// <param name="At">When the deciding attempt ended.</param>
public sealed record DsnRecipientOutcome(string Address, DsnRecipientEvent Event, string? Reply, string? RemoteMta, DateTimeOffset At)
{
    /// <summary>The reply the report's Diagnostic-Code quotes instead of <see cref="Reply"/> (see <see cref="DsnRecipientReport.DiagnosticReply"/>).</summary>
    public string? DiagnosticReply { get; init; }
}
