namespace MailGrid.Grains.Accounts;

/// <summary>A domain whose mail is stored in local mailboxes.</summary>
public sealed class LocalDomainOptions
{
    /// <summary>The domain, e.g. <c>example.com</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Accept every local part. Unknown users go to <see cref="CatchAllMailbox"/>, or to a mailbox of their own when that is empty.</summary>
    public bool CatchAll { get; set; }

    /// <summary>Mailbox that receives mail for unknown users of a catch-all domain. Default: none.</summary>
    public string? CatchAllMailbox { get; set; }
}
