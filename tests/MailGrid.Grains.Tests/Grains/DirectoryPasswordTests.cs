using MailGrid.Accounts;
using MailGrid.Grains.Tests.Cluster;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>Password hashes kept by the directory grain for API accounts, and the logins it hands out.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DirectoryPasswordTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    private IDirectoryGrain Directory => Cluster.Client.GetGrain<IDirectoryGrain>(0);

    private static string NewAddress(string name) => $"{name}{Guid.NewGuid().ToString("N")[..8]}@example.com";

    [Fact]
    public async Task Hash_is_kept_across_alias_updates_and_deactivation_until_removed()
    {
        var address = NewAddress("pat");
        var hash = PasswordHasher.Hash("pat-secret", iterations: 10_000);
        await Directory.UpsertAccountAsync(new Account { Address = address, PasswordHash = hash });

        // No hash given: the current one stays.
        var updated = await Directory.UpsertAccountAsync(new Account { Address = address.ToUpperInvariant(), Aliases = [$"p.{address}"] });
        Assert.Equal(hash, updated.PasswordHash);

        await Cluster.TestCluster.DeactivateAsync(Directory);
        var login = await Directory.GetLoginAsync(address.ToUpperInvariant());
        Assert.NotNull(login);
        Assert.Equal(address, login.Address);
        Assert.Equal(hash, login.PasswordHash);
        Assert.Equal([address, $"p.{address}"], login.OwnedAddresses);

        // "" removes it.
        var cleared = await Directory.UpsertAccountAsync(new Account { Address = address, PasswordHash = "" });
        Assert.Null(cleared.PasswordHash);
        Assert.Null((await Directory.GetLoginAsync(address))?.PasswordHash);
    }

    [Fact]
    public async Task Plain_password_is_refused_and_not_stored()
    {
        var address = NewAddress("quinn");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Directory.UpsertAccountAsync(new Account { Address = address, PasswordHash = "quinn-plain" }));

        Assert.DoesNotContain("quinn-plain", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Directory.GetLoginAsync(address));
        Assert.DoesNotContain(await Directory.ListAccountsAsync(), a => a.Address == address);
    }

    [Fact]
    public async Task Unknown_user_and_alias_have_no_login()
    {
        var address = NewAddress("rita");
        await Directory.UpsertAccountAsync(new Account { Address = address, Aliases = [$"r.{address}"], PasswordHash = PasswordHasher.Hash("x", iterations: 10_000) });

        Assert.Null(await Directory.GetLoginAsync($"r.{address}"));
        Assert.Null(await Directory.GetLoginAsync(NewAddress("nobody")));
        Assert.NotNull(await Directory.GetLoginAsync(address));
    }
}
