using MailGrid.Accounts;
using MailGrid.Grains.Accounts;

namespace MailGrid.Grains.Tests.Accounts;

/// <summary>RCPT resolution rules of <see cref="DirectoryLookup"/>: accounts, aliases, catch-all, postmaster, remote.</summary>
public sealed class DirectoryLookupTests
{
    private static readonly DirectoryOptions Options = new()
    {
        LocalDomains =
        [
            new LocalDomainOptions { Name = "example.com" },
            new LocalDomainOptions { Name = "catchall.example", CatchAll = true, CatchAllMailbox = "Bucket@Example.com" },
            new LocalDomainOptions { Name = "own.example", CatchAll = true },
        ],
        Accounts =
        [
            new AccountOptions { Address = "alice@example.com", Aliases = ["ali@example.com", "Sales@Example.com"] },
            new AccountOptions { Address = "bob@example.com" },
        ],
    };

    [Fact]
    public void Known_account_resolves_to_its_own_mailbox()
    {
        AssertLocal("alice@example.com", Build().Resolve("alice@example.com"));
    }

    [Fact]
    public void Alias_resolves_to_the_account_mailbox()
    {
        var lookup = Build();

        AssertLocal("alice@example.com", lookup.Resolve("ali@example.com"));
        AssertLocal("alice@example.com", lookup.Resolve("sales@example.com"));
    }

    [Fact]
    public void Local_part_and_domain_are_case_insensitive()
    {
        var lookup = Build();

        AssertLocal("alice@example.com", lookup.Resolve("ALICE@Example.COM"));
        AssertLocal("alice@example.com", lookup.Resolve("SALES@EXAMPLE.com"));
        AssertLocal("bob@example.com", lookup.Resolve("Bob@example.com."));
    }

    [Fact]
    public void Unknown_user_of_a_local_domain_is_refused()
    {
        var resolution = Build().Resolve("nobody@example.com");

        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, resolution.Kind);
    }

    [Fact]
    public void Postmaster_of_every_local_domain_is_accepted_without_an_account()
    {
        var lookup = Build();

        AssertLocal("postmaster@example.com", lookup.Resolve("PostMaster@example.com"));
        AssertLocal("postmaster@own.example", lookup.Resolve("postmaster@own.example"));
    }

    [Fact]
    public void Bare_postmaster_belongs_to_the_first_local_domain()
    {
        AssertLocal("postmaster@example.com", Build().Resolve("Postmaster"));
    }

    [Fact]
    public void Bare_postmaster_without_local_domains_and_garbage_are_unknown()
    {
        var lookup = DirectoryLookup.Build(new DirectoryOptions(), []);

        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, lookup.Resolve("postmaster").Kind);
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, Build().Resolve("no-at-sign").Kind);
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, Build().Resolve("@example.com").Kind);
    }

    [Fact]
    public void Catch_all_with_a_mailbox_collects_unknown_users_there()
    {
        AssertLocal("bucket@example.com", Build().Resolve("Anyone@CatchAll.example"));
    }

    [Fact]
    public void Catch_all_without_a_mailbox_gives_each_user_a_mailbox_of_their_own()
    {
        AssertLocal("anyone@own.example", Build().Resolve("Anyone@own.example"));
    }

    [Fact]
    public void Known_account_wins_over_catch_all()
    {
        var options = new DirectoryOptions
        {
            LocalDomains = [new LocalDomainOptions { Name = "catchall.example", CatchAll = true, CatchAllMailbox = "bucket@catchall.example" }],
            Accounts = [new AccountOptions { Address = "carol@catchall.example" }],
        };

        AssertLocal("carol@catchall.example", DirectoryLookup.Build(options, []).Resolve("carol@catchall.example"));
    }

    [Fact]
    public void Other_domains_are_remote_with_the_lower_case_domain_as_target()
    {
        var resolution = Build().Resolve("Someone@Remote.Example.NET");

        Assert.Equal(RecipientResolutionKind.Remote, resolution.Kind);
        Assert.Equal("remote.example.net", resolution.Target);
    }

    [Fact]
    public void Subdomain_of_a_local_domain_is_remote()
    {
        Assert.Equal(RecipientResolutionKind.Remote, Build().Resolve("alice@mail.example.com").Kind);
    }

    [Fact]
    public void Api_account_overrides_the_configuration_account_of_the_same_address()
    {
        var api = new Account { Address = "alice@example.com", Aliases = ["boss@example.com"] };
        var lookup = DirectoryLookup.Build(Options, [api]);

        AssertLocal("alice@example.com", lookup.Resolve("boss@example.com"));
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, lookup.Resolve("ali@example.com").Kind);
        Assert.Equal(["boss@example.com"], lookup.Accounts.Single(a => a.Address == "alice@example.com").Aliases);
    }

    [Fact]
    public void Api_account_adds_a_user_to_a_configured_domain()
    {
        var lookup = DirectoryLookup.Build(Options, [new Account { Address = "dave@example.com" }]);

        AssertLocal("dave@example.com", lookup.Resolve("Dave@example.com"));
        Assert.Equal(["alice@example.com", "bob@example.com", "dave@example.com"], lookup.Accounts.Select(a => a.Address));
    }

    [Fact]
    public void An_account_address_wins_over_an_alias_that_names_it()
    {
        var options = new DirectoryOptions
        {
            LocalDomains = [new LocalDomainOptions { Name = "example.com" }],
            Accounts =
            [
                new AccountOptions { Address = "alice@example.com", Aliases = ["bob@example.com"] },
                new AccountOptions { Address = "bob@example.com" },
            ],
        };

        AssertLocal("bob@example.com", DirectoryLookup.Build(options, []).Resolve("bob@example.com"));
    }

    private static DirectoryLookup Build() => DirectoryLookup.Build(Options, []);

    private static void AssertLocal(string mailbox, RecipientResolution resolution)
    {
        Assert.Equal(RecipientResolutionKind.LocalMailbox, resolution.Kind);
        Assert.Equal(mailbox, resolution.Target);
    }
}
