namespace MailGrid.Dsn;

/// <summary>The Action field of a per-recipient DSN group (RFC 3464 §2.3.3).</summary>
public enum DsnAction
{
    /// <summary>Could not be delivered; no further attempts.</summary>
    Failed = 0,

    /// <summary>Not yet delivered; attempts continue.</summary>
    Delayed = 1,

    /// <summary>Delivered to the recipient's mailbox.</summary>
    Delivered = 2,

    /// <summary>Handed to a server that does not issue DSNs (RFC 3461 §5.2.2).</summary>
    Relayed = 3,
}
