namespace MailGrid.Grains.Tests.Cluster;

/// <summary>
/// The cluster most grain tests share: quick retries (100 ms doubling to 1 s) and a one-hour lifetime.
/// Tests keep apart by using domains and mailboxes of their own.
/// </summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    private MailGridCluster? _cluster;

    public MailGridCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await MailGridCluster.StartAsync(new Dictionary<string, string>
    {
        ["FirstRetryDelay"] = "00:00:00.100",
        ["MaxRetryDelay"] = "00:00:01",
        ["MaxLifetime"] = MaxLifetime.ToString(),
    });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
