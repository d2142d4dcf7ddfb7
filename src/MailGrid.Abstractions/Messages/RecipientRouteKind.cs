namespace MailGrid.Messages;

public enum RecipientRouteKind
{
    /// <summary>A local mailbox on this cluster.</summary>
    Mailbox = 0,

    /// <summary>Another domain, delivered over SMTP by that domain's queue grain.</summary>
    Remote = 1,
}
