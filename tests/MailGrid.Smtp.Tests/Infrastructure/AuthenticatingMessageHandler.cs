namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>
/// Marks every session as authenticated at MAIL, as AUTH would, then defers to the recording handler: lets the
/// submission behaviour be tested on its own, without the AUTH exchange.
/// </summary>
public sealed class AuthenticatingMessageHandler(RecordingMessageHandler inner) : ISmtpMessageHandler
{
    public const string User = "alice@example.com";

    public ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        session.AuthenticatedUser = User;
        return inner.CheckSenderAsync(session, transaction, cancellationToken);
    }

    public ValueTask<RecipientDecision> CheckRecipientAsync(
        SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        inner.CheckRecipientAsync(session, transaction, address, parameters, cancellationToken);

    public ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken) =>
        inner.BeginMessageAsync(session, transaction, cancellationToken);
}
