using MailGrid.Accounts;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Accounts;

/// <summary>Applies the embedded defaults when nothing is configured, and checks what is.</summary>
public sealed class DirectoryOptionsSetup : IPostConfigureOptions<DirectoryOptions>, IValidateOptions<DirectoryOptions>
{
    public void PostConfigure(string? name, DirectoryOptions options)
    {
        if (options.LocalDomains.Count == 0 && options.Accounts.Count == 0)
        {
            options.LocalDomains.Add(new LocalDomainOptions { Name = "localhost" });
            options.Accounts.Add(new AccountOptions { Address = "postmaster@localhost" });
        }
    }

    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        var failures = new List<string>();
        foreach (var domain in options.LocalDomains)
        {
            if (!AddressParts.IsDomain(domain.Name))
            {
                failures.Add($"MailGrid:Directory:LocalDomains: '{domain.Name}' is not a domain name.");
            }

            if (domain.CatchAllMailbox is { } box && !AddressParts.TrySplit(box, out _, out _))
            {
                failures.Add($"MailGrid:Directory:LocalDomains: catch-all mailbox '{box}' is not an address.");
            }
        }

        foreach (var account in options.Accounts)
        {
            foreach (var address in account.Aliases.Prepend(account.Address))
            {
                if (!AddressParts.TrySplit(address, out _, out _))
                {
                    failures.Add($"MailGrid:Directory:Accounts: '{address}' is not an address (local@domain).");
                }
            }

            // Never echo the value: it may be a plain password put there by mistake.
            if (!string.IsNullOrEmpty(account.PasswordHash) && !PasswordHasher.IsWellFormed(account.PasswordHash))
            {
                failures.Add($"MailGrid:Directory:Accounts: the PasswordHash of '{account.Address}' is not a password hash (make one with 'MailGrid.Server hash-password').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
