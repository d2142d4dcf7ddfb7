namespace MailGrid.Accounts;

/// <summary>A local user: a mailbox address and the aliases that deliver into it.</summary>
[GenerateSerializer, Immutable, Alias("mailgrid.Account")]
public sealed record Account
{
    /// <summary>Canonical mailbox address, e.g. <c>alice@example.com</c>.</summary>
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public string[] Aliases { get; init; } = [];

    /// <summary>
    /// Password hash for SMTP AUTH (a KDF string, never the password); null when the account cannot
    /// authenticate. Never returned by the HTTP API.
    /// </summary>
    [Id(2)] public string? PasswordHash { get; init; }
}
