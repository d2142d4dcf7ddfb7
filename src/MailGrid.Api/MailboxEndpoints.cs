using MailGrid.Mailboxes;
using MailGrid.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/mailboxes/{address}/messages</c>: list, fetch raw RFC 5322, delete.</summary>
internal static class MailboxEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mailboxes/{address}/messages");

        group.MapGet("/", async (string address, long? after, int? limit, IGrainFactory grains) =>
        {
            var mailbox = grains.GetGrain<IMailboxGrain>(Normalize(address));
            var entries = await mailbox.ListAsync(after ?? 0, limit ?? 100);
            return Results.Ok(new { mailbox = Normalize(address), count = await mailbox.CountAsync(), messages = entries });
        });

        group.MapGet("/{uid:long}", async (string address, long uid, IGrainFactory grains, IBlobStore blobs, CancellationToken cancellationToken) =>
        {
            var entry = await grains.GetGrain<IMailboxGrain>(Normalize(address)).GetAsync(uid);
            if (entry is null)
            {
                return Results.NotFound();
            }

            var body = await blobs.OpenReadAsync(entry.BlobKey, cancellationToken);
            return body is null ? Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The message body is gone from storage.") : Results.Stream(body, "message/rfc822");
        });

        group.MapDelete("/{uid:long}", async (string address, long uid, IGrainFactory grains) =>
            await grains.GetGrain<IMailboxGrain>(Normalize(address)).DeleteAsync(uid) ? Results.NoContent() : Results.NotFound());
    }

    private static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
