using MailGrid.Accounts;

namespace MailGrid.Grains.Accounts;

/// <summary>An immutable snapshot of the directory: which domains are local and which addresses lead to which mailbox.</summary>
public sealed class DirectoryLookup
{
    public static readonly DirectoryLookup Empty = new(new Dictionary<string, LocalDomainOptions>(), new Dictionary<string, string>(), new Dictionary<string, Account>());

    private readonly Dictionary<string, LocalDomainOptions> _domains;
    private readonly Dictionary<string, string> _mailboxByAddress;
    private readonly Dictionary<string, Account> _accountByAddress;

    private DirectoryLookup(Dictionary<string, LocalDomainOptions> domains, Dictionary<string, string> mailboxByAddress, Dictionary<string, Account> accountByAddress)
    {
        _domains = domains;
        _mailboxByAddress = mailboxByAddress;
        _accountByAddress = accountByAddress;
        Accounts = accountByAddress.Values.OrderBy(a => a.Address, StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<Account> Accounts { get; }

    /// <summary>API accounts override configuration accounts of the same address.</summary>
    public static DirectoryLookup Build(DirectoryOptions options, IEnumerable<Account> apiAccounts)
    {
        var domains = new Dictionary<string, LocalDomainOptions>(StringComparer.Ordinal);
        foreach (var domain in options.LocalDomains)
        {
            domains[domain.Name.TrimEnd('.').ToLowerInvariant()] = domain;
        }

        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var account in options.Accounts)
        {
            var address = AddressParts.Normalize(account.Address);
            accounts[address] = new Account
            {
                Address = address,
                Aliases = account.Aliases.Select(AddressParts.Normalize).ToArray(),
                PasswordHash = string.IsNullOrEmpty(account.PasswordHash) ? null : account.PasswordHash,
            };
        }

        foreach (var account in apiAccounts)
        {
            accounts[account.Address] = account;
        }

        var mailboxByAddress = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in accounts.Values)
        {
            foreach (var alias in account.Aliases)
            {
                mailboxByAddress[alias] = account.Address;
            }
        }

        // An account's own address always wins over an alias that names it.
        foreach (var account in accounts.Values)
        {
            mailboxByAddress[account.Address] = account.Address;
        }

        return new DirectoryLookup(domains, mailboxByAddress, accounts);
    }

    /// <summary>The account whose own address is <paramref name="address"/> (any case), or null.</summary>
    public Account? FindAccount(string address) => _accountByAddress.GetValueOrDefault(AddressParts.Normalize(address));

    /// <summary>The login of the account named <paramref name="userName"/>: user names are account addresses, not aliases.</summary>
    public AccountLogin? GetLogin(string userName)
        => FindAccount(userName) is { } account
            ? new AccountLogin { Address = account.Address, PasswordHash = account.PasswordHash, OwnedAddresses = [account.Address, .. account.Aliases] }
            : null;

    public RecipientResolution Resolve(string address)
    {
        if (!AddressParts.TrySplit(address, out var local, out var domain))
        {
            // A bare "postmaster" (RFC 5321 4.5.1) belongs to the first local domain.
            if (string.Equals(address, "postmaster", StringComparison.OrdinalIgnoreCase) && _domains.Count > 0)
            {
                return Resolve($"postmaster@{_domains.Keys.First()}");
            }

            return new RecipientResolution { Kind = RecipientResolutionKind.UnknownLocalUser };
        }

        if (!_domains.TryGetValue(domain, out var localDomain))
        {
            return new RecipientResolution { Kind = RecipientResolutionKind.Remote, Target = domain };
        }

        var normalized = $"{local}@{domain}";
        if (_mailboxByAddress.TryGetValue(normalized, out var mailbox))
        {
            return Local(mailbox);
        }

        if (localDomain.CatchAll)
        {
            return Local(localDomain.CatchAllMailbox is { } box ? AddressParts.Normalize(box) : normalized);
        }

        // Every local domain must accept its postmaster (RFC 5321 4.5.1), account or not.
        return local == "postmaster" ? Local(normalized) : new RecipientResolution { Kind = RecipientResolutionKind.UnknownLocalUser };
    }

    private static RecipientResolution Local(string mailbox) => new() { Kind = RecipientResolutionKind.LocalMailbox, Target = mailbox };
}
