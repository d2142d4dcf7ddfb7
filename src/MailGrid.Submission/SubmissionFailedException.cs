namespace MailGrid.Submission;

/// <summary>
/// Storage or the cluster did not confirm the message: nothing was accepted and the body blob is gone (or left for
/// the sweep). The client keeps the message and tries again: SMTP answers <c>451 4.3.0</c>, HTTP <c>503</c>.
/// </summary>
public sealed class SubmissionFailedException : Exception
{
    public SubmissionFailedException()
    {
    }

    public SubmissionFailedException(string message)
        : base(message)
    {
    }

    public SubmissionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SubmissionFailedException(string messageId, string message, Exception innerException)
        : base(message, innerException) => MessageId = messageId;

    /// <summary>The id the message would have had.</summary>
    public string? MessageId { get; }
}
