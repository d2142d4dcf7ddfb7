using MailGrid.Delivery;
using MailGrid.Delivery.Dkim;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Routing.Dns;
using MailGrid.Delivery.Telemetry;
using MailGrid.Delivery.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers routing (static routes, smart host, MX with a DNS cache), TLS policy, DKIM signing and the SMTP
    /// delivery agent, with every options class validated at start. Sections: <c>MailGrid:Delivery</c>,
    /// <c>MailGrid:Routing</c>, <c>MailGrid:Delivery:Dns</c>, <c>MailGrid:Delivery:Tls</c>, <c>MailGrid:Delivery:Dkim</c>,
    /// <c>MailGrid:Delivery:Telemetry</c>.
    /// </summary>
    public static IServiceCollection AddMailGridDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddOptions<DnsOptions>().Bind(configuration.GetSection(DnsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DnsOptions>, DnsOptionsValidator>();
        services.AddOptions<TlsPolicyOptions>().Bind(configuration.GetSection(TlsPolicyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsPolicyOptions>, TlsPolicyOptionsValidator>();
        services.AddOptions<DkimSigningOptions>().Bind(configuration.GetSection(DkimSigningOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DkimSigningOptions>, DkimSigningOptionsValidator>();
        services.AddSingleton<StaticRouteResolver>();
        services.AddSingleton<CachingDnsResolver>();
        services.AddSingleton<MxResolver>();
        services.AddSingleton<NextHopResolver>();
        services.AddSingleton<TlsPolicyResolver>();
        services.AddSingleton<DkimMessageSigner>();
        services.AddSingleton<IDeliveryAgent, SmtpDeliveryAgent>();
        services.AddOptions<DeliveryTelemetryOptions>().Bind(configuration.GetSection(DeliveryTelemetryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<DeliveryTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
