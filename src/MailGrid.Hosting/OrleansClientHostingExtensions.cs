using MailGrid.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>How an ingress process joins the cluster: as an Orleans client, never a silo.</summary>
public static class OrleansClientHostingExtensions
{
    /// <summary>Ingress: an Orleans client that finds gateways through Redis.</summary>
    public static IHostApplicationBuilder AddMailGridRedisClient(this IHostApplicationBuilder builder)
    {
        var cluster = MailGridClusterConfiguration.Bind(builder);
        var redis = MailGridClusterConfiguration.RedisConnectionString(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            client.Configure<GatewayOptions>(builder.Configuration.GetSection($"{MailGridClusterOptions.SectionName}:Gateway"));
        });
        return builder;
    }
}
