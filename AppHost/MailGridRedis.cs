namespace MailGrid.AppHost;

/// <summary>
/// Redis for the cluster: the resource the silos and ingresses take <c>ConnectionStrings__redis</c> from,
/// and the resource they wait for (the same one for a container; the redis-server process otherwise).
/// </summary>
internal sealed record MailGridRedis(
    IResourceBuilder<IResourceWithConnectionString> ConnectionString,
    IResourceBuilder<IResource> Server);
