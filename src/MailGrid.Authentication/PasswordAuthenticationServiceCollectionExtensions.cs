using MailGrid.Authentication;
using MailGrid.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class PasswordAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GrainPasswordAuthenticator"/> as the process' <see cref="IPasswordAuthenticator"/> (every
    /// protocol uses the same one) with its settings (<c>MailGrid:Authentication</c>, validated at start). Needs an
    /// <c>IGrainFactory</c>. Safe to call once per protocol.
    /// </summary>
    public static IServiceCollection AddMailGridPasswordAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(GrainPasswordAuthenticator)))
        {
            return services;
        }

        services.AddOptions<PasswordAuthenticationOptions>()
            .Bind(configuration.GetSection(PasswordAuthenticationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<GrainPasswordAuthenticator>();
        services.TryAddSingleton<IPasswordAuthenticator>(sp => sp.GetRequiredService<GrainPasswordAuthenticator>());
        return services;
    }
}
