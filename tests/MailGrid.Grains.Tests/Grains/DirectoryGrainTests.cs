using MailGrid.Accounts;
using MailGrid.Grains.Tests.Cluster;

namespace MailGrid.Grains.Tests.Grains;

/// <summary>The directory grain: configuration accounts plus API accounts persisted in the "mailgrid" grain storage.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DirectoryGrainTests(SharedClusterFixture fixture)
{
    private MailGridCluster Cluster => fixture.Cluster;

    private IDirectoryGrain Directory => Cluster.Client.GetGrain<IDirectoryGrain>(0);

    [Fact]
    public async Task Configured_account_and_postmaster_resolve_and_others_are_remote_or_unknown()
    {
        Assert.Equal(new RecipientResolution { Kind = RecipientResolutionKind.LocalMailbox, Target = "alice@example.com" }, await Directory.ResolveAsync("Alice@Example.com"));
        Assert.Equal(RecipientResolutionKind.LocalMailbox, (await Directory.ResolveAsync("postmaster")).Kind);
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, (await Directory.ResolveAsync("ghost@example.com")).Kind);
        Assert.Equal(new RecipientResolution { Kind = RecipientResolutionKind.Remote, Target = "elsewhere.net" }, await Directory.ResolveAsync("x@Elsewhere.NET"));
    }

    [Fact]
    public async Task Upserted_account_is_normalised_resolved_and_survives_deactivation()
    {
        var local = $"carol{Guid.NewGuid().ToString("N")[..8]}";
        var saved = await Directory.UpsertAccountAsync(new Account { Address = $"{local.ToUpperInvariant()}@Example.com", Aliases = [$"C.{local}@EXAMPLE.com"] });

        Assert.Equal($"{local}@example.com", saved.Address);
        Assert.Equal([$"c.{local}@example.com"], saved.Aliases);
        Assert.Equal(saved.Address, (await Directory.ResolveAsync($"c.{local}@example.com")).Target);

        // A fresh activation reads the account back from the grain storage (SQLite).
        await Cluster.TestCluster.DeactivateAsync(Directory);
        Assert.Equal(RecipientResolutionKind.LocalMailbox, (await Directory.ResolveAsync($"C.{local}@example.com")).Kind);
        var listed = Assert.Single(await Directory.ListAccountsAsync(), a => a.Address == saved.Address);
        Assert.Equal(saved.Aliases, listed.Aliases);
        Assert.Contains(await Directory.ListAccountsAsync(), a => a.Address == "alice@example.com");
    }

    [Fact]
    public async Task Removed_account_is_unknown_again_also_after_deactivation()
    {
        var address = $"dan{Guid.NewGuid().ToString("N")[..8]}@example.com";
        await Directory.UpsertAccountAsync(new Account { Address = address });

        Assert.True(await Directory.RemoveAccountAsync(address.ToUpperInvariant()));
        Assert.False(await Directory.RemoveAccountAsync(address));
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, (await Directory.ResolveAsync(address)).Kind);

        await Cluster.TestCluster.DeactivateAsync(Directory);
        Assert.Equal(RecipientResolutionKind.UnknownLocalUser, (await Directory.ResolveAsync(address)).Kind);
    }

    [Fact]
    public async Task Invalid_address_is_refused_and_nothing_is_stored()
    {
        var before = await Directory.ListAccountsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Directory.UpsertAccountAsync(new Account { Address = "no-at-sign" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Directory.UpsertAccountAsync(new Account { Address = "ok@example.com", Aliases = ["bad@"] }));

        Assert.DoesNotContain(await Directory.ListAccountsAsync(), a => a.Address == "ok@example.com");
        Assert.True((await Directory.ListAccountsAsync()).Length >= before.Length);
    }
}
