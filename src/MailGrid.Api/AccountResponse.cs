using MailGrid.Accounts;

namespace MailGrid.Api;

/// <summary>An account as the HTTP API shows it: never the password hash, only whether there is one.</summary>
public sealed record AccountResponse(string Address, string[] Aliases, bool HasPassword)
{
    public static AccountResponse From(Account account) => new(account.Address, account.Aliases, account.PasswordHash is not null);
}
