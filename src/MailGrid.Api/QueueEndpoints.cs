using MailGrid.Queues;
using MailGrid.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/queues</c>: queue depths, a domain's entries, and administration (pause, resume, retry, bounce, delete).</summary>
internal static class QueueEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/queues", async (IQueueStore store, CancellationToken cancellationToken) =>
        {
            var domains = await store.GetActiveDomainsAsync(cancellationToken);
            var depths = new List<object>(domains.Count);
            long total = 0;
            foreach (var domain in domains)
            {
                var depth = await store.CountAsync(domain, cancellationToken);
                total += depth;
                depths.Add(new { domain, depth });
            }

            return Results.Ok(new { total, domains = depths });
        });

        var queue = api.MapGroup("/queues/{domain}");
        queue.MapGet("/", async (string domain, int? limit, IGrainFactory grains) =>
        {
            var grain = Queue(grains, domain);
            return Results.Ok(new { summary = await grain.GetSummaryAsync(), entries = await grain.ListAsync(limit ?? 100) });
        });
        queue.MapPost("/pause", async (string domain, IGrainFactory grains) =>
        {
            await Queue(grains, domain).PauseAsync();
            return Results.NoContent();
        });
        queue.MapPost("/resume", async (string domain, IGrainFactory grains) =>
        {
            await Queue(grains, domain).ResumeAsync();
            return Results.NoContent();
        });
        queue.MapPost("/retry", async (string domain, IGrainFactory grains) =>
        {
            await Queue(grains, domain).RetryNowAsync(null);
            return Results.NoContent();
        });
        queue.MapPost("/messages/{id}/retry", async (string domain, string id, IGrainFactory grains) =>
            await Queue(grains, domain).RetryNowAsync(id) ? Results.NoContent() : Results.NotFound());
        queue.MapPost("/messages/{id}/bounce", async (string domain, string id, IGrainFactory grains) =>
            await Queue(grains, domain).BounceAsync(id) ? Results.NoContent() : Results.NotFound());
        queue.MapDelete("/messages/{id}", async (string domain, string id, IGrainFactory grains) =>
            await Queue(grains, domain).DeleteAsync(id) ? Results.NoContent() : Results.NotFound());
    }

    private static IDomainQueueGrain Queue(IGrainFactory grains, string domain) => grains.GetGrain<IDomainQueueGrain>(domain.Trim().TrimEnd('.').ToLowerInvariant());
}
