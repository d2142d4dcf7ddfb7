using MailGrid.Grains.Tests.Cluster;

namespace MailGrid.Grains.Tests.Sweep;

/// <summary>One silo wired like the all-in-one host: records, mailboxes and small bodies in SQLite, larger bodies as files.</summary>
public sealed class SqliteSweepClusterFixture : IAsyncLifetime
{
    private MailGridCluster? _cluster;

    public MailGridCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>(), settings: SweepSettings.ForTests);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
