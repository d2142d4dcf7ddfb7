using MailGrid.Accounts;
using MailGrid.Grains.Accounts;

namespace MailGrid.Grains.Tests.Accounts;

/// <summary>Logins for SMTP AUTH from <see cref="DirectoryLookup"/>: configuration and API accounts, user names, owned addresses.</summary>
public sealed class DirectoryLoginTests
{
    private static readonly string AliceHash = PasswordHasher.Hash("alice-secret", iterations: 10_000);

    private static readonly DirectoryOptions Options = new()
    {
        LocalDomains = [new LocalDomainOptions { Name = "example.com" }],
        Accounts =
        [
            new AccountOptions { Address = "Alice@Example.com", Aliases = ["Ali@example.com", "sales@example.com"], PasswordHash = AliceHash },
            new AccountOptions { Address = "bob@example.com", PasswordHash = "" },
        ],
    };

    [Fact]
    public void Configured_account_has_a_login_with_its_hash_and_owned_addresses()
    {
        var login = DirectoryLookup.Build(Options, []).GetLogin("ALICE@example.COM");

        Assert.NotNull(login);
        Assert.Equal("alice@example.com", login.Address);
        Assert.Equal(AliceHash, login.PasswordHash);
        Assert.Equal(["alice@example.com", "ali@example.com", "sales@example.com"], login.OwnedAddresses);
        Assert.True(PasswordHasher.Verify("alice-secret", login.PasswordHash));
    }

    [Fact]
    public void Aliases_and_unknown_names_are_not_user_names()
    {
        var lookup = DirectoryLookup.Build(Options, []);

        Assert.Null(lookup.GetLogin("ali@example.com"));
        Assert.Null(lookup.GetLogin("nobody@example.com"));
        Assert.Null(lookup.GetLogin("alice"));
    }

    [Fact]
    public void Account_without_a_password_has_a_login_without_a_hash()
    {
        var login = DirectoryLookup.Build(Options, []).GetLogin("bob@example.com");

        Assert.NotNull(login);
        Assert.Null(login.PasswordHash);
        Assert.Equal(["bob@example.com"], login.OwnedAddresses);
    }

    [Fact]
    public void Api_account_replaces_the_configured_one_with_its_own_hash()
    {
        var apiHash = PasswordHasher.Hash("api-secret", iterations: 10_000);
        var lookup = DirectoryLookup.Build(Options, [new Account { Address = "alice@example.com", PasswordHash = apiHash }]);

        var login = lookup.GetLogin("alice@example.com");

        Assert.NotNull(login);
        Assert.Equal(apiHash, login.PasswordHash);
        Assert.Equal(["alice@example.com"], login.OwnedAddresses);
    }
}
