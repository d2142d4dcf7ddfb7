using System.Net;
using MailGrid.Hosting;
using MailGrid.Storage.Local.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The three ways MailGrid joins an Orleans cluster.</summary>
public static class OrleansHostingExtensions
{
    /// <summary>All-in-one: a single silo with localhost clustering and grain state on local disk.</summary>
    public static IHostApplicationBuilder AddMailGridEmbeddedSilo(this IHostApplicationBuilder builder, string grainStorageName)
    {
        var cluster = BindCluster(builder);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddMailGridLocalGrainStorage(grainStorageName);
            ConfigureMembership(silo.Services, builder.Configuration);
        });
        return builder;
    }

    /// <summary>Cluster silo: membership and grain state in Redis (<c>ConnectionStrings:redis</c>).</summary>
    public static IHostApplicationBuilder AddMailGridRedisSilo(this IHostApplicationBuilder builder, string grainStorageName)
    {
        var cluster = BindCluster(builder);
        var redis = RedisConnectionString(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.AddRedisGrainStorage(grainStorageName, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            ConfigureMembership(silo.Services, builder.Configuration);
        });
        return builder;
    }

    /// <summary>Ingress: an Orleans client that finds gateways through Redis.</summary>
    public static IHostApplicationBuilder AddMailGridRedisClient(this IHostApplicationBuilder builder)
    {
        var cluster = BindCluster(builder);
        var redis = RedisConnectionString(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            client.Configure<GatewayOptions>(builder.Configuration.GetSection($"{MailGridClusterOptions.SectionName}:Gateway"));
        });
        return builder;
    }

    public static string RedisConnectionString(IConfiguration configuration)
        => configuration.GetConnectionString("redis") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("ConnectionStrings:redis is required in cluster mode (e.g. ConnectionStrings__redis=127.0.0.1:6379).");

    private static MailGridClusterOptions BindCluster(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailGridClusterOptions>().Bind(builder.Configuration.GetSection(MailGridClusterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var cluster = builder.Configuration.GetSection(MailGridClusterOptions.SectionName).Get<MailGridClusterOptions>() ?? new MailGridClusterOptions();
        if (!IPAddress.TryParse(cluster.AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"MailGrid:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
        }

        return cluster;
    }

    /// <summary>Failure detection can be tuned (MailGrid:Cluster:Membership maps onto Orleans' ClusterMembershipOptions).</summary>
    private static void ConfigureMembership(IServiceCollection services, IConfiguration configuration)
        => services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{MailGridClusterOptions.SectionName}:Membership"));
}
