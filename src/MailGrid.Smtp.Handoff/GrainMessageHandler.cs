using MailGrid.Accounts;
using MailGrid.Messages;
using MailGrid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Handoff;

/// <summary>
/// SMTP policy and the durable handoff: routes each RCPT through the directory grain, refuses relaying for
/// untrusted clients, streams bodies into the blob store and hands the envelope to a message grain.
/// </summary>
public sealed partial class GrainMessageHandler(
    IGrainFactory grains,
    IBlobStore blobs,
    IOptionsMonitor<HandoffOptions> options,
    TimeProvider time,
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
        var resolution = await grains.GetGrain<IDirectoryGrain>(0).ResolveAsync(address).WaitAsync(options.CurrentValue.RecipientCheckTimeout, cancellationToken);
        switch (resolution.Kind)
        {
            case RecipientResolutionKind.LocalMailbox:
                return new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), EnvelopeRecipientFor(address, RecipientRouteKind.Mailbox, resolution.Target, parameters));
            case RecipientResolutionKind.Remote when session.IsTrustedClient || session.AuthenticatedUser is not null:
                return new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), EnvelopeRecipientFor(address, RecipientRouteKind.Remote, resolution.Target, parameters));
            case RecipientResolutionKind.Remote:
                LogRelayDenied(logger, session.RemoteEndPoint.Address.ToString(), address);
                return new RecipientDecision(new SmtpResponse(550, "5.7.1", $"<{address}>: Relay access denied"));
            default:
                return new RecipientDecision(new SmtpResponse(550, "5.1.1", $"<{address}>: Recipient address rejected: User unknown in local recipient table"));
        }
    }

    public async ValueTask<ISmtpMessageWriter> BeginMessageAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        var messageId = MessageIds.NewId();
        var upload = await blobs.BeginUploadAsync(MessageIds.BlobKeyFor(messageId, arrivedAt), cancellationToken);
        return new HandoffMessageWriter(this, session, transaction, messageId, arrivedAt, upload);
    }

    /// <summary>Called by the writer at the end of DATA: body durable first, then the grains' acceptance, then 250.</summary>
    internal async ValueTask<SmtpResponse> CommitAsync(SmtpSessionInfo session, SmtpTransaction transaction, string messageId, DateTimeOffset arrivedAt, IBlobUpload upload, long size, CancellationToken cancellationToken)
    {
        var envelope = new MessageEnvelope
        {
            MessageId = messageId,
            ReversePath = transaction.ReversePath,
            Recipients = transaction.Recipients.Select(r => (EnvelopeRecipient)r.HandlerState!).ToArray(),
            BlobKey = upload.Key,
            Size = size,
            ArrivedAt = arrivedAt,
            ClientAddress = session.RemoteEndPoint.Address.ToString(),
            ClientHelo = session.HeloName ?? "",
            TraceParent = System.Diagnostics.Activity.Current?.Id,
            BodyType = Parameter(transaction.MailParameters, "BODY")?.ToUpperInvariant(),
            DsnReturn = Parameter(transaction.MailParameters, "RET")?.ToUpperInvariant(),
            DsnEnvelopeId = Parameter(transaction.MailParameters, "ENVID"),
            SmtpUtf8 = transaction.MailParameters.ContainsKey("SMTPUTF8"),
            AuthenticatedUser = session.AuthenticatedUser,
        };

        try
        {
            await upload.CommitAsync(cancellationToken);
            await grains.GetGrain<IMessageGrain>(messageId).AcceptAsync(envelope).WaitAsync(options.CurrentValue.AcceptTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage or cluster trouble: the client keeps the message and retries. An orphaned body blob is harmless.
            LogHandoffFailed(logger, messageId, ex);
            await TryDeleteAsync(upload.Key);
            return new SmtpResponse(451, "4.3.0", "Error: queue file write error, try again later");
        }

        LogQueued(logger, messageId, envelope.Recipients.Length, size);
        return new SmtpResponse(250, "2.0.0", $"Ok: queued as {messageId}");
    }

    /// <summary>DSN parameters (RFC 3461) travel with each recipient to the delivery side; the engine has validated and decoded them.</summary>
    private static EnvelopeRecipient EnvelopeRecipientFor(string address, RecipientRouteKind route, string target, IReadOnlyDictionary<string, string> parameters) => new()
    {
        Address = address,
        Route = route,
        Target = target,
        DsnNotify = Parameter(parameters, "NOTIFY")?.ToUpperInvariant(),
        DsnOriginalRecipient = Parameter(parameters, "ORCPT"),
    };

    private static string? Parameter(IReadOnlyDictionary<string, string> parameters, string keyword)
        => parameters.TryGetValue(keyword, out var value) ? value : null;

    private async Task TryDeleteAsync(string key)
    {
        try
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or IOException)
        {
            // Left for a sweep; it belongs to no accepted message.
        }
    }

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
