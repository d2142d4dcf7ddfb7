using MailGrid.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/messages/{id}</c>: a message's envelope and each recipient's fate.</summary>
internal static class MessageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/messages/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IMessageGrain>(id).GetRecordAsync() is { } record ? Results.Ok(record) : Results.NotFound());
    }
}
