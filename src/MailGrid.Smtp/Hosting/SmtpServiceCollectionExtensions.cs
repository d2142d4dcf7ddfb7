using MailGrid.Smtp.Session;
using MailGrid.Smtp.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>Registers the SMTP engine. The host also registers an <see cref="ISmtpMessageHandler"/> and opens listeners.</summary>
public static class SmtpServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine with its options bound from the <see cref="SmtpServerOptions.SectionName"/> ("MailGrid:Smtp")
    /// section of <paramref name="configuration"/> and the shared certificate from "MailGrid:Tls", validated at start.
    /// </summary>
    public static IServiceCollection AddMailGridSmtp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpServerOptions>().Bind(configuration.GetSection(SmtpServerOptions.SectionName));
        return services.AddMailGridSmtpCore(configuration);
    }

    /// <summary>Adds the engine with its options set in code (and still validated at start).</summary>
    public static IServiceCollection AddMailGridSmtp(this IServiceCollection services, Action<SmtpServerOptions> configure)
    {
        services.AddOptions<SmtpServerOptions>().Configure(configure);
        return services.AddMailGridSmtpCore(configuration: null);
    }

    private static IServiceCollection AddMailGridSmtpCore(this IServiceCollection services, IConfiguration? configuration)
    {
        services.AddOptions<SmtpServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SmtpServerOptions>, SmtpServerOptionsDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpServerOptions>, SmtpServerOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SmtpTelemetry>();
        services.TryAddSingleton<SmtpSessionFactory>();
        services.AddMailGridSmtpSecurity(configuration);
        services.TryAddSingleton(sp => new SmtpConnectionHandler(sp));
        return services;
    }
}
