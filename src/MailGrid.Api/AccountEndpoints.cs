using MailGrid.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGrid.Api;

/// <summary><c>/api/accounts</c>: the local user directory (configuration accounts plus API ones).</summary>
internal static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/accounts", async (IGrainFactory grains) => Results.Ok((await Directory(grains).ListAccountsAsync()).Select(AccountResponse.From)));

        api.MapPut("/accounts/{address}", async (string address, AccountRequest request, IGrainFactory grains) =>
        {
            try
            {
                var account = await Directory(grains).UpsertAccountAsync(new Account
                {
                    Address = address,
                    Aliases = request.Aliases ?? [],
                    PasswordHash = HashOf(request.Password),
                });
                return Results.Ok(AccountResponse.From(account));
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message);
            }
        });

        api.MapDelete("/accounts/{address}", async (string address, IGrainFactory grains) =>
            await Directory(grains).RemoveAccountAsync(address) ? Results.NoContent() : Results.NotFound());
    }

    /// <summary>The hash goes to the grain, the password nowhere. Null keeps the current password, "" removes it.</summary>
    private static string? HashOf(string? password) => password switch
    {
        null => null,
        "" => "",
        _ => PasswordHasher.Hash(password),
    };

    private static IDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IDirectoryGrain>(0);
}
