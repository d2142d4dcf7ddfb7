namespace MailGrid.Dsn;

/// <summary>What happened to a recipient, as far as DSNs care.</summary>
public enum DsnRecipientEvent
{
    /// <summary>Failed permanently (5xx, null MX, expiry).</summary>
    Failed = 0,

    /// <summary>Still undelivered after the delay threshold.</summary>
    Delayed = 1,

    /// <summary>Stored in a local mailbox.</summary>
    DeliveredLocally = 2,

    /// <summary>Accepted by a remote server to which NOTIFY/ORCPT were passed (it reports from now on).</summary>
    RelayedToDsnServer = 3,

    /// <summary>Accepted by a remote server that does not support DSN.</summary>
    RelayedToNonDsnServer = 4,
}
