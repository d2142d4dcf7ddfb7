using MailGrid.Accounts;
using MailGrid.Messages;
using MailGrid.Submission;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Handoff;

/// <summary>
/// SMTP policy over the durable handoff: routes each RCPT through <see cref="MessageSubmitter"/> (relaying only for
/// trusted or authenticated clients), checks that an authenticated sender owns its address, streams bodies into
/// the submitter's upload and turns its outcome into the SMTP reply.
/// </summary>
public sealed partial class GrainMessageHandler(
    IGrainFactory grains,
    MessageSubmitter submitter,
    IOptionsMonitor<HandoffOptions> options,
    ILogger<GrainMessageHandler> logger) : ISmtpMessageHandler
{
    private static readonly SmtpResponse SenderOk = new(250, "2.1.0", "Ok");

    /// <summary>
    /// An authenticated client may only send as the account's own address or one of its aliases (Postfix's
    /// reject_sender_login_mismatch); the null sender stays allowed, as there, for bounces and receipts.
    /// Unauthenticated clients are not checked here: relay control happens at RCPT.
    /// </summary>
    public async ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        if (session.AuthenticatedUser is not { } user || transaction.ReversePath.Length == 0)
        {
            return SenderOk;
        }

        var login = await grains.GetGrain<IDirectoryGrain>(0).GetLoginAsync(user).WaitAsync(options.CurrentValue.RecipientCheckTimeout, cancellationToken);
        if (login is not null && login.OwnedAddresses.Contains(transaction.ReversePath, StringComparer.OrdinalIgnoreCase))
        {
            return SenderOk;
        }

        LogSenderNotOwned(logger, user, transaction.ReversePath);
        return new SmtpResponse(553, "5.7.1", $"<{transaction.ReversePath}>: Sender address rejected: not owned by user {user}");
    }

    public async ValueTask<RecipientDecision> CheckRecipientAsync(SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        // The engine has validated and decoded the DSN parameters; they travel with the recipient to the delivery side.
        var dsn = new RecipientDsnParameters(Parameter(parameters, "NOTIFY"), Parameter(parameters, "ORCPT"));
        var resolved = await submitter.ResolveRecipientAsync(address, mayRelay: session.IsTrustedClient || session.AuthenticatedUser is not null, dsn, cancellationToken);
        switch (resolved.Refusal)
        {
            case RecipientRefusal.None:
                return new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), resolved.Recipient);
            case RecipientRefusal.RelayDenied:
                LogRelayDenied(logger, session.RemoteEndPoint.Address.ToString(), address);
                return new RecipientDecision(new SmtpResponse(550, "5.7.1", $"<{address}>: Relay access denied"));
            default:
                return new RecipientDecision(new SmtpResponse(550, "5.1.1", $"<{address}>: Recipient address rejected: User unknown in local recipient table"));
        }
    }

    public async ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
        => new HandoffMessageWriter(this, session, transaction, await submitter.BeginAsync(cancellationToken));

    /// <summary>Called by the writer at the end of DATA: body durable first, then the grains' acceptance, then 250.</summary>
    internal async ValueTask<SmtpResponse> CommitAsync(SmtpSessionInfo session, SmtpTransaction transaction, MessageUpload upload, long size, CancellationToken cancellationToken)
    {
        var submission = new SubmissionEnvelope
        {
            ReversePath = transaction.ReversePath,
            Recipients = transaction.Recipients.Select(r => (EnvelopeRecipient)r.HandlerState!).ToArray(),
            ClientAddress = session.RemoteEndPoint.Address.ToString(),
            ClientHelo = session.HeloName,
            AuthenticatedUser = session.AuthenticatedUser,
            BodyType = Parameter(transaction.MailParameters, "BODY"),
            DsnReturn = Parameter(transaction.MailParameters, "RET"),
            DsnEnvelopeId = Parameter(transaction.MailParameters, "ENVID"),
            SmtpUtf8 = transaction.MailParameters.ContainsKey("SMTPUTF8"),
        };

        MessageEnvelope envelope;
        try
        {
            envelope = await submitter.CommitAsync(upload, submission, size, cancellationToken);
        }
        catch (SubmissionFailedException ex)
        {
            // Storage or cluster trouble: the client keeps the message and retries.
            LogHandoffFailed(logger, upload.MessageId, ex.InnerException ?? ex);
            return new SmtpResponse(451, "4.3.0", "Error: queue file write error, try again later");
        }

        LogQueued(logger, envelope.MessageId, envelope.Recipients.Length, size);
        return new SmtpResponse(250, "2.0.0", $"Ok: queued as {envelope.MessageId}");
    }

    private static string? Parameter(IReadOnlyDictionary<string, string> parameters, string keyword)
        => parameters.TryGetValue(keyword, out var value) ? value : null;

    // Debug: the SMTP session already logs the acceptance of every message at Information.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Queued {MessageId}: {Recipients} recipient(s), {Size} bytes")]
    private static partial void LogQueued(ILogger logger, string messageId, int recipients, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff of {MessageId} failed; answered 451")]
    private static partial void LogHandoffFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sender {Sender} refused: not owned by authenticated user {User}")]
    private static partial void LogSenderNotOwned(ILogger logger, string user, string sender);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay access denied for client {Client} to {Recipient}")]
    private static partial void LogRelayDenied(ILogger logger, string client, string recipient);
}
