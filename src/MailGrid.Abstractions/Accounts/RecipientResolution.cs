namespace MailGrid.Accounts;

/// <summary>What the directory says about a recipient address at RCPT time.</summary>
public enum RecipientResolutionKind
{
    /// <summary>A local domain and a known user or alias (or a catch-all domain).</summary>
    LocalMailbox = 0,

    /// <summary>A local domain, but no such user: 550 5.1.1.</summary>
    UnknownLocalUser = 1,

    /// <summary>Not a local domain: relay, allowed only to trusted or authenticated clients.</summary>
    Remote = 2,
}

[GenerateSerializer, Immutable, Alias("mailgrid.RecipientResolution")]
public sealed record RecipientResolution
{
    [Id(0)] public required RecipientResolutionKind Kind { get; init; }

    /// <summary>Canonical mailbox for <see cref="RecipientResolutionKind.LocalMailbox"/>; lower-case domain for <see cref="RecipientResolutionKind.Remote"/>.</summary>
    [Id(1)] public string Target { get; init; } = "";
}
