using MailGrid.Dsn;
using MailGrid.Messages;
using MailGrid.Storage;
using MailGrid.Submission;
using MimeKit;

namespace MailGrid.Grains.Messages;

/// <summary>
/// Turns DSN reports into a new message from the null sender: builds it (RFC 3464, RFC 6533 when international) and submits it like any accepted
/// mail (<see cref="MessageSubmitter"/>), routed to the original sender's mailbox or domain.
/// </summary>
public sealed partial class DsnSender(DsnBuilder builder, IBlobStore blobs, MessageSubmitter submitter, ILogger<DsnSender> logger)
{
    /// <summary>Sends one DSN for <paramref name="reports"/>; returns its message id, or null when none was sent.</summary>
    public async Task<string?> SendAsync(MessageEnvelope original, IReadOnlyList<DsnRecipientReport> reports, CancellationToken cancellationToken)
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

        // The report goes back wherever the sender is, relayed if need be: it answers mail this cluster accepted.
        var route = await submitter.ResolveRecipientAsync(original.ReversePath, mayRelay: true, dsn: default, cancellationToken);
        if (!route.IsAccepted)
        {
            LogUndeliverable(logger, original.MessageId, original.ReversePath);
            return null;
        }

        string id;
        await using (var upload = await submitter.BeginAsync(cancellationToken))
        {
            // A report is small (the returned content is capped), so it is formatted in memory to learn its size.
            using var buffer = new MemoryStream();
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await report.WriteToAsync(format, buffer, cancellationToken);
            buffer.Position = 0;
            await buffer.CopyToAsync(upload.Body, cancellationToken);
            // An internationalized report (RFC 6533) goes back the way its original came: with SMTPUTF8.
            var submission = new SubmissionEnvelope { ReversePath = "", Recipients = [route.Recipient!], SmtpUtf8 = DsnBuilder.IsInternational(original) };
            id = (await submitter.CommitAsync(upload, submission, buffer.Length, cancellationToken)).MessageId;
        }

        LogSent(logger, id, original.MessageId, reports.Count, reports[0].Action.ToString());
        return id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DSN {DsnId} for {MessageId}: {Count} recipient(s), first action {Action}")]
    private static partial void LogSent(ILogger logger, string dsnId, string messageId, int count, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DSN for {MessageId} not sent: the sender {Sender} is an unknown local user")]
    private static partial void LogUndeliverable(ILogger logger, string messageId, string sender);
}
