using MailGrid.Accounts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;

namespace MailGrid.Hosting;

/// <summary>
/// Ready only when a grain answers: an ingress that cannot reach the cluster would answer every message
/// 451, so it should leave the load balancer until it can.
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IDirectoryGrain>(0).ResolveAsync("postmaster").WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster did not answer.", ex);
        }
    }
}
