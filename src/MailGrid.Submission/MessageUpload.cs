using MailGrid.Storage;

namespace MailGrid.Submission;

/// <summary>
/// A message body on its way into the blob store, under a new message id. Write the body to <see cref="Body"/>,
/// then <see cref="MessageSubmitter.CommitAsync"/>; disposing it without a commit abandons the message.
/// A struct, so a submission costs no allocation beyond the blob upload's own.
/// </summary>
public readonly struct MessageUpload : IAsyncDisposable
{
    internal MessageUpload(string messageId, DateTimeOffset arrivedAt, IBlobUpload blob)
    {
        MessageId = messageId;
        ArrivedAt = arrivedAt;
        Blob = blob;
    }

    /// <summary>The cluster-unique id the message will be known by (SMTP writes it into Received and the 250 reply).</summary>
    public string MessageId { get; }

    /// <summary>When the upload began: the message's arrival time.</summary>
    public DateTimeOffset ArrivedAt { get; }

    /// <summary>Write-only stream for the whole stored message (headers the front end adds included).</summary>
    public Stream Body => Blob.Content;

    internal IBlobUpload Blob { get; }

    public ValueTask DisposeAsync() => Blob?.DisposeAsync() ?? ValueTask.CompletedTask;
}
