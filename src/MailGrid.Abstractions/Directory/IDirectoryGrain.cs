namespace MailGrid.Directory;

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

    Task<Account> UpsertAccountAsync(Account account);

    Task<bool> RemoveAccountAsync(string address);
}
