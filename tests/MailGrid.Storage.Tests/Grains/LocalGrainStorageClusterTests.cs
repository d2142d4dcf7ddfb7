using MailGrid.Storage.Local.Hosting;
using MailGrid.Storage.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace MailGrid.Storage.Tests.Grains;

/// <summary>Grain state written by one silo is read back by a new silo started on the same data folder.</summary>
public sealed class LocalGrainStorageClusterTests : IDisposable
{
    public const string StorageName = "local";
    private readonly TempDirectory folder = new();

    [Fact]
    public async Task Grain_state_survives_a_full_cluster_restart()
    {
        await using (var cluster = await StartClusterAsync())
        {
            var counter = cluster.Client.GetGrain<ICounterGrain>("c-1");
            Assert.Equal(1, await counter.IncrementAsync());
            Assert.Equal(2, await counter.IncrementAsync());
            await cluster.StopAllSilosAsync();
        }

        await using (var restarted = await StartClusterAsync())
        {
            var counter = restarted.Client.GetGrain<ICounterGrain>("c-1");
            Assert.Equal(2, await counter.GetAsync());
            Assert.Equal(3, await counter.IncrementAsync());
            Assert.Equal(0, await restarted.Client.GetGrain<ICounterGrain>("never-written").GetAsync());
            await restarted.StopAllSilosAsync();
        }
    }

    public void Dispose() => folder.Dispose();

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MailGrid:DataPath"] = folder.Path }));
        builder.ConfigureSilo((_, silo) => silo.AddMailGridLocalGrainStorage(StorageName));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
