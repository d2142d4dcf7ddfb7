using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MailGrid.Api;

/// <summary>Lets a request through with a configured key, or from loopback when no key is configured.</summary>
internal sealed class ApiKeyFilter(IOptionsMonitor<ApiOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = options.CurrentValue.Keys;
        var allowed = keys.Count == 0
            ? http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
            : PresentedKey(http.Request) is { } presented && keys.Any(k => FixedTimeEquals(k, presented));
        return allowed ? next(context) : ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An API key is required."));
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header : null;
    }

    private static bool FixedTimeEquals(string expected, string presented)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
