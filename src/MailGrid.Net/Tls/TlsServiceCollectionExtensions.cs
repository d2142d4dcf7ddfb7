using MailGrid.Net.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the process' one TLS certificate, shared by every protocol that serves TLS.</summary>
public static class TlsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TlsCertificateProvider"/> and its settings, bound from <c>MailGrid:Tls</c> when
    /// <paramref name="configuration"/> is given, validated at start; the certificate is loaded at start when an
    /// <see cref="ITlsCertificateConsumer"/> needs it. Each protocol calls this; calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddMailGridTls(this IServiceCollection services, IConfiguration? configuration = null)
    {
        if (!services.Any(d => d.ServiceType == typeof(TlsCertificateProvider)))
        {
            services.AddOptions<TlsCertificateOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TlsCertificateOptions>, TlsCertificateOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TlsCertificateLoader>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<TlsCertificateProvider>();
        }

        // Bound once even when several protocols pass the configuration.
        if (configuration is not null && !services.Any(d => d.ServiceType == typeof(TlsConfigurationBinding)))
        {
            services.AddSingleton<TlsConfigurationBinding>();
            services.AddOptions<TlsCertificateOptions>().Bind(configuration.GetSection(TlsCertificateOptions.SectionName));
        }

        return services;
    }

    /// <summary>Marks that <c>MailGrid:Tls</c> is bound already.</summary>
    private sealed class TlsConfigurationBinding;
}
