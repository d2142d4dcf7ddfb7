using MailGrid.Delivery;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Registers static routing and the SMTP delivery agent, with options validated at start.</summary>
    public static IServiceCollection AddMailGridDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddSingleton<StaticRouteResolver>();
        services.AddSingleton<IDeliveryAgent, SmtpDeliveryAgent>();
        services.AddMetrics();
        services.TryAddSingleton<DeliveryTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
