namespace MailGrid.Accounts;

/// <summary>
/// The account directory (a single grain, key 0): local domains and users from configuration,
/// plus accounts added through the HTTP API, which it persists.
/// </summary>
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<RecipientResolution> ResolveAsync(string address);

    [Orleans.Concurrency.ReadOnly]
    Task<Account[]> ListAccountsAsync();

    /// <summary>
    /// The login of the account whose address is <paramref name="userName"/> (case-insensitive; aliases are not
    /// user names), or null when there is no such account.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<AccountLogin?> GetLoginAsync(string userName);

    /// <summary>
    /// Adds or replaces an account. <see cref="Account.PasswordHash"/> must be a <see cref="PasswordHasher"/> hash
    /// (a plain password is refused); null keeps the account's current hash, if any, and "" removes it.
    /// </summary>
    Task<Account> UpsertAccountAsync(Account account);

    Task<bool> RemoveAccountAsync(string address);
}
