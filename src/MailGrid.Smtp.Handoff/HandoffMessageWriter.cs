using MailGrid.Submission;

namespace MailGrid.Smtp.Handoff;

/// <summary>One message body on its way into the blob store.</summary>
internal sealed class HandoffMessageWriter(
    GrainMessageHandler handler,
    SmtpSessionInfo session,
    SmtpTransaction transaction,
    MessageUpload upload) : ISmtpMessageWriter
{
    public string MessageId => upload.MessageId;

    public Stream Body => upload.Body;

    public ValueTask<SmtpResponse> CommitAsync(long size, CancellationToken cancellationToken)
        => handler.CommitAsync(session, transaction, upload, size, cancellationToken);

    public ValueTask DisposeAsync() => upload.DisposeAsync();
}
