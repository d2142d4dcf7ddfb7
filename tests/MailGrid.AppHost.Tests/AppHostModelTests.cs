using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MailGrid.AppHost.Tests;

/// <summary>The AppHost's model as built from its configuration, without starting anything.</summary>
public sealed class AppHostModelTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task WithoutAContainerEngineRedisIsALocalRedisServerOnTheConfiguredPort()
    {
        await using var builder = await CreateAsync(["--MailGrid:AppHost:RedisPort=6391"]);

        var server = Assert.Single(builder.Resources.OfType<ExecutableResource>(), r => r.Name == "redis-server");
        Assert.Equal("redis-server", server.Command);
        var redis = Assert.Single(builder.Resources.OfType<IResourceWithConnectionString>(), r => r.Name == "redis");
        Assert.Equal("127.0.0.1:6391", await redis.GetConnectionStringAsync());
        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource);
        Assert.Equal(
            ["ingress-1", "ingress-2", "silo-1", "silo-2"],
            builder.Resources.OfType<ProjectResource>().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UseRedisContainerSwapsTheExecutableForARedisContainer()
    {
        await using var builder = await CreateAsync(["--MailGrid:AppHost:UseRedisContainer=true"]);

        Assert.Single(builder.Resources.OfType<ContainerResource>(), r => r.Name == "redis");
        Assert.DoesNotContain(builder.Resources, r => r.Name == "redis-server");
    }

    [Fact]
    public async Task APortUsedTwiceStopsTheAppHostNamingBothKeys()
    {
        var failure = await Record.ExceptionAsync(() => CreateAsync(["--MailGrid:AppHost:Ingress2:MxPort=2525"]));

        Assert.NotNull(failure);
        var message = failure.ToString();
        Assert.Contains("MailGrid:AppHost:Ingress1:MxPort", message, StringComparison.Ordinal);
        Assert.Contains("MailGrid:AppHost:Ingress2:MxPort", message, StringComparison.Ordinal);
    }

    private static async Task<IDistributedApplicationTestingBuilder> CreateAsync(string[] args)
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        using var data = MailGrid.Testing.TempDirectory.Create("mailgrid-apphost-model-");
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.MailGrid_AppHost>(
            [.. args, $"--MailGrid:AppHost:DataPath={data.Path}"], (options, _) => options.DisableDashboard = true, timeout.Token);
    }
}
