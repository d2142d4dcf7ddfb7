using MailGrid.Net.Tls;
using MailGrid.Smtp.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>The TLS, AUTH and connection-limit services behind <see cref="SmtpServiceCollectionExtensions.AddMailGridSmtp(IServiceCollection, IConfiguration)"/>.</summary>
internal static class SmtpSecurityServiceCollectionExtensions
{
    /// <summary>Adds them; <paramref name="configuration"/> (when given) also binds the shared "MailGrid:Tls" section.</summary>
    public static IServiceCollection AddMailGridSmtpSecurity(this IServiceCollection services, IConfiguration? configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpServerOptions>, SmtpSecurityOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HostOptions>, SmtpHostShutdownOptions>());
        services.AddMailGridTls(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<TlsCertificateOptions>, SmtpTlsCertificateSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITlsCertificateConsumer, SmtpTlsCertificateConsumer>());
        services.TryAddSingleton<SmtpSecurityTelemetry>();
        return services;
    }
}
