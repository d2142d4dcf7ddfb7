using MailGrid.Grains.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrid.Grains.Tests.Accounts;

/// <summary>Defaults and validation of the directory settings, through the same DI registration the silo uses.</summary>
public sealed class DirectoryOptionsSetupTests
{
    [Fact]
    public void Nothing_configured_means_localhost_with_its_postmaster()
    {
        var options = Resolve([]);

        Assert.Equal("localhost", Assert.Single(options.LocalDomains).Name);
        Assert.Equal("postmaster@localhost", Assert.Single(options.Accounts).Address);
    }

    [Fact]
    public void Configured_domains_replace_the_defaults()
    {
        var options = Resolve(new()
        {
            ["MailGrid:Directory:LocalDomains:0:Name"] = "example.com",
            ["MailGrid:Directory:LocalDomains:0:CatchAll"] = "true",
            ["MailGrid:Directory:Accounts:0:Address"] = "alice@example.com",
            ["MailGrid:Directory:Accounts:0:Aliases:0"] = "ali@example.com",
        });

        var domain = Assert.Single(options.LocalDomains);
        Assert.Equal("example.com", domain.Name);
        Assert.True(domain.CatchAll);
        Assert.Equal(["ali@example.com"], Assert.Single(options.Accounts).Aliases);
    }

    [Fact]
    public void Accounts_alone_do_not_bring_localhost_back()
    {
        var options = Resolve(new() { ["MailGrid:Directory:Accounts:0:Address"] = "alice@example.com" });

        Assert.Empty(options.LocalDomains);
    }

    [Theory]
    [InlineData("MailGrid:Directory:LocalDomains:0:Name", "not a domain", "'not a domain' is not a domain name")]
    [InlineData("MailGrid:Directory:LocalDomains:0:Name", "-bad.example", "is not a domain name")]
    [InlineData("MailGrid:Directory:Accounts:0:Address", "no-at-sign", "'no-at-sign' is not an address")]
    [InlineData("MailGrid:Directory:Accounts:0:Address", "alice@", "'alice@' is not an address")]
    public void Invalid_settings_fail_with_a_message_naming_the_value(string key, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_alias_and_catch_all_mailbox_fail()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["MailGrid:Directory:LocalDomains:0:Name"] = "example.com",
            ["MailGrid:Directory:LocalDomains:0:CatchAll"] = "true",
            ["MailGrid:Directory:LocalDomains:0:CatchAllMailbox"] = "bucket",
            ["MailGrid:Directory:Accounts:0:Address"] = "alice@example.com",
            ["MailGrid:Directory:Accounts:0:Aliases:0"] = "ali@",
        }));

        Assert.Contains("catch-all mailbox 'bucket' is not an address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'ali@' is not an address", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_password_in_PasswordHash_fails_without_echoing_it()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["MailGrid:Directory:Accounts:0:Address"] = "alice@example.com",
            ["MailGrid:Directory:Accounts:0:PasswordHash"] = "hunter2",
        }));

        Assert.Contains("the PasswordHash of 'alice@example.com' is not a password hash", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_password_hash_is_accepted()
    {
        var hash = MailGrid.Accounts.PasswordHasher.Hash("secret", iterations: 10_000);

        var options = Resolve(new()
        {
            ["MailGrid:Directory:Accounts:0:Address"] = "alice@example.com",
            ["MailGrid:Directory:Accounts:0:PasswordHash"] = hash,
        });

        Assert.Equal(hash, Assert.Single(options.Accounts).PasswordHash);
    }

    private static DirectoryOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddMailGridGrains(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<DirectoryOptions>>().Value;
    }
}
