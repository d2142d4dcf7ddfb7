using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/queues</c>: non-empty domain queues and their entries.</summary>
internal static class QueueEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/queues", async (IQueueStore store, CancellationToken cancellationToken) =>
            Results.Ok(await store.GetActiveDomainsAsync(cancellationToken)));

        api.MapGet("/queues/{domain}", async (string domain, int? limit, IGrainFactory grains) =>
        {
            var queue = grains.GetGrain<IDomainQueueGrain>(domain.Trim().ToLowerInvariant());
            return Results.Ok(new { summary = await queue.GetSummaryAsync(), entries = await queue.ListAsync(limit ?? 100) });
        });
    }
}
