using MailGrid.Grains.Queues;
using MailGrid.Storage;
using MailGrid.Storage.Local.Hosting;
using MailGrid.Storage.Redis;
using MailGrid.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace MailGrid.Grains.Tests.Cluster;

/// <summary>
/// One in-process silo wired like the all-in-one host (grains, SQLite stores and grain storage in a temp folder)
/// whose outbound routes lead to a scripted <see cref="SmtpSink"/> on loopback.
/// Every domain under <see cref="SinkDomain"/> is routed to the sink (a ".parent" route); other remote domains have no route.
/// <see cref="StartWithRedisAsync"/> starts several silos that share storage as <c>MailGrid.Silo</c> nodes do instead.
/// </summary>
public sealed class MailGridCluster : IAsyncDisposable
{
    /// <summary>Parent domain routed to the sink: use "&lt;test&gt;.sink.test" for a queue of your own.</summary>
    public const string SinkDomain = "sink.test";

    /// <summary>The local domain of the directory.</summary>
    public const string LocalDomain = "example.com";

    private readonly TempDirectory? _ownedData;

    private MailGridCluster(TempDirectory? ownedData, SmtpSink sink, ScriptedReplies replies, InProcessTestCluster cluster)
    {
        _ownedData = ownedData;
        Sink = sink;
        Replies = replies;
        TestCluster = cluster;
    }

    public SmtpSink Sink { get; }

    public ScriptedReplies Replies { get; }

    public InProcessTestCluster TestCluster { get; }

    public IClusterClient Client => TestCluster.Client;

    /// <summary>The (first) silo's container: the same store and service instances the grains use.</summary>
    public IServiceProvider SiloServices => TestCluster.Silos[0].ServiceProvider;

    public IQueueStore QueueStore => SiloServices.GetRequiredService<IQueueStore>();

    public QueueRecoveryService RecoveryService => SiloServices.GetServices<IHostedService>().OfType<QueueRecoveryService>().Single();

    /// <summary>
    /// Starts sink and silo. <paramref name="delivery"/> overrides MailGrid:Delivery settings (key without the section).
    /// With <paramref name="dataPath"/> the silo uses that folder (a restart); otherwise a temp folder it deletes on dispose.
    /// </summary>
    public static Task<MailGridCluster> StartAsync(IReadOnlyDictionary<string, string> delivery, string? dataPath = null, IReadOnlyDictionary<string, string>? settings = null)
        => StartCoreAsync(1, redis: null, delivery, dataPath, settings);

    /// <summary>
    /// Starts <paramref name="silos"/> silos wired like <c>MailGrid.Silo</c>: records and grain state in
    /// <paramref name="redis"/>, bodies in one blob folder all silos share (a temp folder deleted on dispose).
    /// </summary>
    public static Task<MailGridCluster> StartWithRedisAsync(RedisServer redis, int silos, IReadOnlyDictionary<string, string> delivery, IReadOnlyDictionary<string, string>? settings = null)
        => StartCoreAsync(silos, redis, delivery, dataPath: null, settings);

    private static async Task<MailGridCluster> StartCoreAsync(
        int silos, RedisServer? redis, IReadOnlyDictionary<string, string> delivery, string? dataPath, IReadOnlyDictionary<string, string>? settings)
    {
        var data = dataPath is null ? TempDirectory.Create("mailgrid-grains-") : null;
        var replies = new ScriptedReplies();
        var sink = SmtpSink.Start();
        sink.RecipientReply = replies.ReplyTo;

        var configuration = new Dictionary<string, string?>
        {
            ["MailGrid:DataPath"] = dataPath ?? data!.Path,
            [$"MailGrid:Routing:Routes:.{SinkDomain}"] = $"127.0.0.1:{sink.Port}",
            ["MailGrid:Directory:LocalDomains:0:Name"] = LocalDomain,
            ["MailGrid:Directory:Accounts:0:Address"] = $"alice@{LocalDomain}",
            ["MailGrid:Delivery:OpportunisticTls"] = "false",
            // Routes only: unrouted domains stay deferred, and no test depends on the machine's resolver.
            ["MailGrid:Delivery:Dns:Enabled"] = "false",
            ["MailGrid:Delivery:HeloName"] = "grains.test",
            ["MailGrid:Delivery:ConnectTimeout"] = "00:00:05",
            ["MailGrid:Delivery:CommandTimeout"] = "00:00:05",
            // Only the tests' explicit scans wake queues; the periodic one would hide lost wake-ups.
            ["MailGrid:Delivery:RecoveryScanInterval"] = "01:00:00",
        };
        foreach (var (key, value) in delivery)
        {
            configuration[$"MailGrid:Delivery:{key}"] = value;
        }

        if (redis is not null)
        {
            configuration["ConnectionStrings:redis"] = redis.ConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            configuration[key] = value;
        }

        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(configuration));
        builder.ConfigureSilo((_, silo) =>
        {
            // As OrleansHostingExtensions does: failure detection can be tuned through MailGrid:Cluster:Membership.
            silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection("MailGrid:Cluster:Membership"));
            silo.Services.AddMailGridGrains(silo.Configuration);
            if (redis is null)
            {
                silo.Services.AddMailGridLocalStorage(silo.Configuration);
                silo.AddMailGridLocalGrainStorage(MailGridStorageNames.GrainState);
                return;
            }

            // As OrleansHostingExtensions.AddMailGridRedisSilo and SiloExtensions do; membership stays the test cluster's own.
            silo.Services.AddMailGridRedisStorage(silo.Configuration);
            silo.Services.AddMailGridFileBlobStore(silo.Configuration);
            silo.AddRedisGrainStorage(MailGridStorageNames.GrainState, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            await sink.DisposeAsync();
            data?.Dispose();
            throw;
        }

        return new MailGridCluster(data, sink, replies, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await TestCluster.StopAllSilosAsync();
        await TestCluster.DisposeAsync();
        await Sink.DisposeAsync();
        _ownedData?.Dispose();
    }
}
