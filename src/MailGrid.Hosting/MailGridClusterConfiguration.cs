using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailGrid.Hosting;

/// <summary>The cluster settings silos and clients read alike.</summary>
public static class MailGridClusterConfiguration
{
    /// <summary>Registers <see cref="MailGridClusterOptions"/> (validated at start) and returns them for the Orleans builder.</summary>
    public static MailGridClusterOptions Bind(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MailGridClusterOptions>().Bind(builder.Configuration.GetSection(MailGridClusterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var cluster = builder.Configuration.GetSection(MailGridClusterOptions.SectionName).Get<MailGridClusterOptions>() ?? new MailGridClusterOptions();
        if (!IPAddress.TryParse(cluster.AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"MailGrid:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not an IP address.");
        }

        return cluster;
    }

    /// <summary>The Redis of cluster mode (<c>ConnectionStrings:redis</c>, as Aspire sets it); throws, naming the key, when missing.</summary>
    public static string RedisConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetConnectionString("redis") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("ConnectionStrings:redis is required in cluster mode (e.g. ConnectionStrings__redis=127.0.0.1:6379).");
    }
}
