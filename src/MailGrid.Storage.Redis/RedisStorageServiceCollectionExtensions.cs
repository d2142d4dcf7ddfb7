using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>Registers the cluster-mode (Redis) record stores.</summary>
public static class RedisStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMessageStore"/>, <see cref="IMailboxStore"/> and <see cref="IQueueStore"/> on Redis, and an
    /// <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:redis</c> unless the host registered one.
    /// Settings: <c>MailGrid:Storage:Redis</c> (<c>KeyPrefix</c>, default <c>mailgrid:</c>). Blobs are not included.
    /// </summary>
    public static IServiceCollection AddMailGridRedisStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RedisStorageOptions>()
            .Configure(options =>
            {
                options.ConnectionString = configuration.GetConnectionString(RedisStorageOptions.ConnectionStringName);
                configuration.GetSection(RedisStorageOptions.SectionName).Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<RedisStorageOptions>>().Value.ConnectionString;
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"No Redis connection string: set ConnectionStrings:{RedisStorageOptions.ConnectionStringName} or register an IConnectionMultiplexer.");
            }

            var redisOptions = ConfigurationOptions.Parse(connectionString);

            // Keep reconnecting instead of failing at start: calls made while Redis is away fail as StorageUnavailableException.
            redisOptions.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(redisOptions);
        });
        services.TryAddSingleton<RedisKeys>();
        services.TryAddSingleton<RedisMessageStore>();
        services.TryAddSingleton<RedisMailboxStore>();
        services.TryAddSingleton<RedisQueueStore>();
        services.TryAddSingleton<IMessageStore>(sp => sp.GetRequiredService<RedisMessageStore>());
        services.TryAddSingleton<IMailboxStore>(sp => sp.GetRequiredService<RedisMailboxStore>());
        services.TryAddSingleton<IQueueStore>(sp => sp.GetRequiredService<RedisQueueStore>());
        return services;
    }
}
