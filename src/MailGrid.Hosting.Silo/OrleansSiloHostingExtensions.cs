using System.Net;
using MailGrid.Hosting;
using MailGrid.Storage.Local.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>The two ways a MailGrid process runs as a silo; ingress processes join as clients (<c>AddMailGridRedisClient</c>).</summary>
public static class OrleansSiloHostingExtensions
{
    /// <summary>All-in-one: a single silo with localhost clustering and grain state on local disk.</summary>
    public static IHostApplicationBuilder AddMailGridEmbeddedSilo(this IHostApplicationBuilder builder, string grainStorageName)
    {
        var cluster = MailGridClusterConfiguration.Bind(builder);
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
        var cluster = MailGridClusterConfiguration.Bind(builder);
        var redis = MailGridClusterConfiguration.RedisConnectionString(builder.Configuration);
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

    /// <summary>Failure detection can be tuned (MailGrid:Cluster:Membership maps onto Orleans' ClusterMembershipOptions).</summary>
    private static void ConfigureMembership(IServiceCollection services, IConfiguration configuration)
        => services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{MailGridClusterOptions.SectionName}:Membership"));
}
