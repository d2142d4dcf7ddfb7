namespace MailGrid.Messages;

public enum RecipientState
{
    /// <summary>Accepted and queued; no attempt has finished yet.</summary>
    Queued = 0,

    /// <summary>At least one attempt failed temporarily; will be retried.</summary>
    Deferred = 1,

    /// <summary>Stored in a local mailbox or accepted (2xx) by the remote server.</summary>
    Delivered = 2,

    /// <summary>Permanently failed (5xx, or expired).</summary>
    Failed = 3,
}
