using MailGrid.Accounts;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Accounts;

/// <summary>
/// The account directory. Keeps a lookup table built from configuration and persisted API accounts;
/// resolution is a dictionary read, so the grain serves RCPT checks without touching storage.
/// </summary>
public sealed class DirectoryGrain(
    [PersistentState("directory", MailGridStorageNames.GrainState)] IPersistentState<DirectoryState> state,
    IOptionsMonitor<DirectoryOptions> options) : Grain, IDirectoryGrain
{
    private DirectoryLookup _lookup = DirectoryLookup.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Rebuild();
        return Task.CompletedTask;
    }

    public Task<RecipientResolution> ResolveAsync(string address) => Task.FromResult(_lookup.Resolve(address));

    public Task<Account[]> ListAccountsAsync() => Task.FromResult(_lookup.Accounts.ToArray());

    public Task<AccountLogin?> GetLoginAsync(string userName) => Task.FromResult(_lookup.GetLogin(userName));

    public async Task<Account> UpsertAccountAsync(Account account)
    {
        if (!AddressParts.TrySplit(account.Address, out _, out _) || account.Aliases.Any(a => !AddressParts.TrySplit(a, out _, out _)))
        {
            throw new ArgumentException($"'{account.Address}' or one of its aliases is not an address (local@domain).", nameof(account));
        }

        // A plain password must never be stored: only hashes made by PasswordHasher get in.
        if (!string.IsNullOrEmpty(account.PasswordHash) && !PasswordHasher.IsWellFormed(account.PasswordHash))
        {
            throw new ArgumentException($"The password of '{account.Address}' is not a password hash.", nameof(account));
        }

        var address = AddressParts.Normalize(account.Address);
        var normalized = new Account
        {
            Address = address,
            Aliases = account.Aliases.Select(AddressParts.Normalize).Distinct(StringComparer.Ordinal).ToArray(),
            PasswordHash = account.PasswordHash switch
            {
                null => _lookup.FindAccount(address)?.PasswordHash,
                "" => null,
                var hash => hash,
            },
        };
        state.State.Accounts[normalized.Address] = normalized;
        await state.WriteStateAsync();
        Rebuild();
        return normalized;
    }

    public async Task<bool> RemoveAccountAsync(string address)
    {
        if (!state.State.Accounts.Remove(AddressParts.Normalize(address)))
        {
            return false;
        }

        await state.WriteStateAsync();
        Rebuild();
        return true;
    }

    private void Rebuild() => _lookup = DirectoryLookup.Build(options.CurrentValue, state.State.Accounts.Values);
}
