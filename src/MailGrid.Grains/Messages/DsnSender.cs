using MailGrid.Accounts;
using MailGrid.Dsn;
using MailGrid.Messages;
using MailGrid.Storage;
using MimeKit;

namespace MailGrid.Grains.Messages;

/// <summary>
/// Turns DSN reports into a new message from the null sender: builds it (RFC 3464), stores it as a blob and
/// hands it to a message grain like any accepted mail, routed to the original sender's mailbox or domain.
/// </summary>
public sealed partial class DsnSender(DsnBuilder builder, IBlobStore blobs, TimeProvider time, ILogger<DsnSender> logger)
{
    /// <summary>Sends one DSN for <paramref name="reports"/>; returns its message id, or null when none was sent.</summary>
    public async Task<string?> SendAsync(IGrainFactory grains, MessageEnvelope original, IReadOnlyList<DsnRecipientReport> reports, CancellationToken cancellationToken)
    {
        if (reports.Count == 0 || original.ReversePath.Length == 0)
        {
            return null;
        }

        MimeMessage? report;
        await using (var body = await blobs.OpenReadAsync(original.BlobKey, cancellationToken))
        {
            report = await builder.BuildAsync(original, reports, body, cancellationToken);
        }

        if (report is null)
        {
            return null;
        }

        var route = await grains.GetGrain<IDirectoryGrain>(0).ResolveAsync(original.ReversePath);
        if (route.Kind == RecipientResolutionKind.UnknownLocalUser)
        {
            LogUndeliverable(logger, original.MessageId, original.ReversePath);
            return null;
        }

        var now = time.GetUtcNow();
        var id = MessageIds.NewId();
        var key = MessageIds.BlobKeyFor(id, now);
        long size;
        await using (var upload = await blobs.BeginUploadAsync(key, cancellationToken))
        {
            // A report is small (the returned content is capped), so it is formatted in memory to learn its size.
            using var buffer = new MemoryStream();
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await report.WriteToAsync(format, buffer, cancellationToken);
            size = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(upload.Content, cancellationToken);
            await upload.CommitAsync(cancellationToken);
        }

        var envelope = new MessageEnvelope
        {
            MessageId = id,
            ReversePath = "",
            Recipients =
            [
                new EnvelopeRecipient
                {
                    Address = original.ReversePath,
                    Route = route.Kind == RecipientResolutionKind.LocalMailbox ? RecipientRouteKind.Mailbox : RecipientRouteKind.Remote,
                    Target = route.Target,
                },
            ],
            BlobKey = key,
            Size = size,
            ArrivedAt = now,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
            // An internationalized report (RFC 6533) goes back the way its original came: with SMTPUTF8.
            SmtpUtf8 = DsnBuilder.IsInternational(original),
        };
        await grains.GetGrain<IMessageGrain>(id).AcceptAsync(envelope);
        LogSent(logger, id, original.MessageId, reports.Count, reports[0].Action.ToString());
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DSN {DsnId} for {MessageId}: {Count} recipient(s), first action {Action}")]
    private static partial void LogSent(ILogger logger, string dsnId, string messageId, int count, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DSN for {MessageId} not sent: the sender {Sender} is an unknown local user")]
    private static partial void LogUndeliverable(ILogger logger, string messageId, string sender);
}
