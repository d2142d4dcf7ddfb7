using MailGrid.Smtp.Security;
using MailGrid.Smtp.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>The TLS, AUTH and connection-limit services behind <see cref="SmtpServiceCollectionExtensions.AddMailGridSmtp(IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>.</summary>
internal static class SmtpSecurityServiceCollectionExtensions
{
    public static IServiceCollection AddMailGridSmtpSecurity(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpServerOptions>, SmtpSecurityOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HostOptions>, SmtpHostShutdownOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SmtpCertificateLoader>());
        services.TryAddSingleton<SmtpCertificateProvider>();
        services.TryAddSingleton<SmtpConnectionLimiter>();
        services.TryAddSingleton<SmtpSecurityTelemetry>();
        return services;
    }
}
