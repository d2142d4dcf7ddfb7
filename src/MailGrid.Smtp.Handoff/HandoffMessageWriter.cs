using MailGrid.Storage;

namespace MailGrid.Smtp.Handoff;

/// <summary>One message body on its way into the blob store.</summary>
internal sealed class HandoffMessageWriter(
    GrainMessageHandler handler,
    SmtpSessionInfo session,
    SmtpTransaction transaction,
    string messageId,
    DateTimeOffset arrivedAt,
    IBlobUpload upload) : ISmtpMessageWriter
{
    public string MessageId => messageId;

    public Stream Body => upload.Content;

    public ValueTask<SmtpResponse> CommitAsync(long size, CancellationToken cancellationToken)
        => handler.CommitAsync(session, transaction, messageId, arrivedAt, upload, size, cancellationToken);

    public ValueTask DisposeAsync() => upload.DisposeAsync();
}
