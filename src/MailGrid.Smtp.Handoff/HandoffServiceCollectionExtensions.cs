using MailGrid.Smtp;
using MailGrid.Smtp.Handoff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class HandoffServiceCollectionExtensions
{
    /// <summary>Makes the grains the SMTP engine's message handler and AUTH authenticator. Needs an IGrainFactory (silo or client) and an IBlobStore.</summary>
    public static IServiceCollection AddMailGridHandoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HandoffOptions>().Bind(configuration.GetSection(HandoffOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISmtpMessageHandler, GrainMessageHandler>();
        services.AddSingleton<ISmtpAuthenticator, GrainSmtpAuthenticator>();
        return services;
    }
}
