using System.Diagnostics;
using System.Runtime.CompilerServices;
using MailGrid.Accounts;
using MailGrid.Messages;
using MailGrid.Storage;
using Microsoft.Extensions.Options;
using Orleans;

namespace MailGrid.Submission;

/// <summary>
/// The durable handoff, the same for every front end: resolve each recipient through the directory grain, stream
/// the body into the blob store under a new message id, then commit: the blob first, then
/// <see cref="IMessageGrain.AcceptAsync"/>. Only when that returns may the front end say "accepted" (SMTP 250);
/// a <see cref="SubmissionFailedException"/> means try again later. Works over any <see cref="IGrainFactory"/>: an
/// ingress' cluster client or a silo's own.
/// </summary>
public sealed class MessageSubmitter(IGrainFactory grains, IBlobStore blobs, IOptionsMonitor<HandoffOptions> options, TimeProvider time)
{
    /// <summary>
    /// Routes <paramref name="address"/>: a local mailbox (aliases and catch-all applied) or a remote domain, which
    /// only a submitter that <paramref name="mayRelay"/> gets. Directory trouble throws (SMTP answers 451).
    /// </summary>
    // Pooled builders here: the front end's own async method already pays for the await, this layer adds nothing per message.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ResolvedRecipient> ResolveRecipientAsync(string address, bool mayRelay, RecipientDsnParameters dsn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var resolution = await grains.GetGrain<IDirectoryGrain>(0).ResolveAsync(address).WaitAsync(options.CurrentValue.RecipientCheckTimeout, cancellationToken);
        return resolution.Kind switch
        {
            RecipientResolutionKind.LocalMailbox => new(RecipientFor(address, RecipientRouteKind.Mailbox, resolution.Target, dsn), RecipientRefusal.None),
            RecipientResolutionKind.Remote when mayRelay => new(RecipientFor(address, RecipientRouteKind.Remote, resolution.Target, dsn), RecipientRefusal.None),
            RecipientResolutionKind.Remote => new(null, RecipientRefusal.RelayDenied),
            _ => new(null, RecipientRefusal.UnknownLocalUser),
        };
    }

    /// <summary>Starts a message: a new id and an upload of its body, partitioned by arrival hour.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MessageUpload> BeginAsync(CancellationToken cancellationToken)
    {
        var arrivedAt = time.GetUtcNow();
        var messageId = MessageIds.NewId();
        var blob = await blobs.BeginUploadAsync(MessageIds.BlobKeyFor(messageId, arrivedAt), cancellationToken);
        return new MessageUpload(messageId, arrivedAt, blob);
    }

    /// <summary>
    /// Makes the message durable and hands it to its message grain: the body blob is committed, then the grain
    /// accepts the envelope within <see cref="HandoffOptions.AcceptTimeout"/>. <paramref name="size"/> is the stored
    /// size in bytes. On any failure <see cref="SubmissionFailedException"/> is thrown (a blob that did not commit is deleted; one the grain did not accept is left to the storage sweep, as part of it may be in use); a
    /// cancelled <paramref name="cancellationToken"/> (the client left) throws <see cref="OperationCanceledException"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MessageEnvelope> CommitAsync(MessageUpload upload, SubmissionEnvelope submission, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload.Blob, nameof(upload));
        var envelope = new MessageEnvelope
        {
            MessageId = upload.MessageId,
            ReversePath = submission.ReversePath ?? throw new ArgumentException("The reverse path is required (empty for the null sender).", nameof(submission)),
            Recipients = submission.Recipients ?? throw new ArgumentException("The recipients are required.", nameof(submission)),
            BlobKey = upload.Blob.Key,
            Size = size,
            ArrivedAt = upload.ArrivedAt,
            ClientAddress = submission.ClientAddress ?? "",
            ClientHelo = submission.ClientHelo ?? "",
            TraceParent = Activity.Current?.Id,
            BodyType = submission.BodyType?.ToUpperInvariant(),
            DsnReturn = submission.DsnReturn?.ToUpperInvariant(),
            DsnEnvelopeId = submission.DsnEnvelopeId,
            SmtpUtf8 = submission.SmtpUtf8,
            AuthenticatedUser = submission.AuthenticatedUser,
        };

        try
        {
            await upload.Blob.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing refers to a body that never committed.
            await TryDeleteAsync(envelope.BlobKey);
            throw new SubmissionFailedException(envelope.MessageId, $"Message {envelope.MessageId} was not stored: {ex.Message}", ex);
        }

        try
        {
            await grains.GetGrain<IMessageGrain>(envelope.MessageId).AcceptAsync(envelope).WaitAsync(options.CurrentValue.AcceptTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The client keeps the message and retries. The body stays: an acceptance that failed or timed out may
            // still have appended it to a mailbox or queued it, and deleting it would break that copy. The storage
            // sweep removes it after its grace period if no record and no mailbox entry refers to it.
            throw new SubmissionFailedException(envelope.MessageId, $"Message {envelope.MessageId} was not accepted: {ex.Message}", ex);
        }

        return envelope;
    }

    /// <summary>DSN parameters (RFC 3461) travel with each recipient to the delivery side.</summary>
    private static EnvelopeRecipient RecipientFor(string address, RecipientRouteKind route, string target, RecipientDsnParameters dsn) => new()
    {
        Address = address,
        Route = route,
        Target = target,
        DsnNotify = dsn.Notify?.ToUpperInvariant(),
        DsnOriginalRecipient = dsn.OriginalRecipient,
    };

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
}
