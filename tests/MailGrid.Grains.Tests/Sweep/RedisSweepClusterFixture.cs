using MailGrid.Grains.Tests.Cluster;
using MailGrid.Testing;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>Two silos wired like <c>MailGrid.Silo</c>: records and mailboxes in a real redis-server, bodies in one shared folder.</summary>
public sealed class RedisSweepClusterFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private MailGridCluster? _cluster;

    public MailGridCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await MailGridCluster.StartWithRedisAsync(_redis, silos: 2, new Dictionary<string, string>(), SweepSettings.ForTests);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
