namespace MailGrid.Smtp;

/// <summary>
/// Where the SMTP engine takes its decisions and puts accepted mail. The engine owns the protocol
/// (syntax, sequence, limits, dot-unstuffing, the Received header); the handler owns policy and storage.
/// Any exception a handler throws is answered <c>451 4.3.0</c> and the session goes on.
/// </summary>
public interface ISmtpMessageHandler
{
    /// <summary>Checks MAIL FROM; a non-positive response rejects it.</summary>
    ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Checks one RCPT TO: routing, relay permission, unknown users.</summary>
    ValueTask<RecipientDecision> CheckRecipientAsync(SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);

    /// <summary>Called once DATA (or the first BDAT) is accepted: opens the sink the body streams into.</summary>
    ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken);
}
