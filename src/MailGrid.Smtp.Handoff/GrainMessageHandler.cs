using MailGrid.Directory;
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

    public ValueTask<SmtpResponse> CheckSenderAsync(SmtpSessionInfo session, SmtpTransaction transaction, CancellationToken cancellationToken)
        => ValueTask.FromResult(SenderOk);

    public async ValueTask<RecipientDecision> CheckRecipientAsync(SmtpSessionInfo session, SmtpTransaction transaction, string address, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var resolution = await grains.GetGrain<IDirectoryGrain>(0).ResolveAsync(address).WaitAsync(options.CurrentValue.RecipientCheckTimeout, cancellationToken);
        switch (resolution.Kind)
        {
            case RecipientResolutionKind.LocalMailbox:
                return new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), new EnvelopeRecipient { Address = address, Route = RecipientRouteKind.Mailbox, Target = resolution.Target });
            case RecipientResolutionKind.Remote when session.IsTrustedClient || session.AuthenticatedUser is not null:
                return new RecipientDecision(new SmtpResponse(250, "2.1.5", "Ok"), new EnvelopeRecipient { Address = address, Route = RecipientRouteKind.Remote, Target = resolution.Target });
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
            BodyType = transaction.MailParameters.TryGetValue("BODY", out var body) ? body.ToUpperInvariant() : null,
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {MessageId}: {Recipients} recipient(s), {Size} bytes")]
    private static partial void LogQueued(ILogger logger, string messageId, int recipients, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handoff of {MessageId} failed; answered 451")]
    private static partial void LogHandoffFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relay access denied for client {Client} to {Recipient}")]
    private static partial void LogRelayDenied(ILogger logger, string client, string recipient);
}
