using System.Text.Json.Serialization;
using MailGrid.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

public static class ApiEndpointRouteBuilderExtensions
{
    /// <summary>Registers what the API needs; its settings (<c>MailGrid:Api</c>) are validated at start.</summary>
    public static IServiceCollection AddMailGridApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    /// <summary>Maps the HTTP API under <c>/api</c>, guarded by <see cref="ApiKeyFilter"/>.</summary>
    public static RouteGroupBuilder MapMailGridApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.AddEndpointFilter<ApiKeyFilter>();
        MailboxEndpoints.Map(api);
        MessageEndpoints.Map(api);
        AccountEndpoints.Map(api);
        QueueEndpoints.Map(api);
        return api;
    }
}
