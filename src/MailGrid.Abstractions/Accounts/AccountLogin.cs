namespace MailGrid.Accounts;

/// <summary>
/// What SMTP AUTH and the sender check need to know about an account: the hash is verified by the
/// ingress, so no clear password ever travels inside the cluster.
/// </summary>
[GenerateSerializer, Immutable, Alias("mailgrid.AccountLogin")]
public sealed record AccountLogin
{
    /// <summary>The canonical account address (the identity an authenticated session carries).</summary>
    [Id(0)] public required string Address { get; init; }

    /// <summary>The account's password hash (<see cref="PasswordHasher"/> format); null when it cannot authenticate.</summary>
    [Id(1)] public string? PasswordHash { get; init; }

    /// <summary>Addresses the account may use as MAIL FROM: its own address and its aliases, normalised (lower-case).</summary>
    [Id(2)] public required string[] OwnedAddresses { get; init; }
}
