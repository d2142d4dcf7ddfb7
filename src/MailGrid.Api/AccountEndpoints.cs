using MailGrid.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/accounts</c>: the local user directory (configuration accounts plus API ones).</summary>
internal static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/accounts", async (IGrainFactory grains) => Results.Ok(await Directory(grains).ListAccountsAsync()));

        api.MapPut("/accounts/{address}", async (string address, AccountRequest request, IGrainFactory grains) =>
        {
            try
            {
                var account = await Directory(grains).UpsertAccountAsync(new Account { Address = address, Aliases = request.Aliases ?? [] });
                return Results.Ok(account);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
            }
        });

        api.MapDelete("/accounts/{address}", async (string address, IGrainFactory grains) =>
            await Directory(grains).RemoveAccountAsync(address) ? Results.NoContent() : Results.NotFound());
    }

    private static IDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IDirectoryGrain>(0);
}
