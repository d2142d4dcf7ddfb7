using MailGrid.Smtp;
using MailGrid.Smtp.Handoff;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class HandoffServiceCollectionExtensions
{
    /// <summary>Makes the grains the SMTP engine's message handler and AUTH authenticator. Needs an IGrainFactory (silo or client) and an IBlobStore.</summary>
    public static IServiceCollection AddMailGridHandoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMailGridSubmission(configuration);
        services.AddSingleton<ISmtpMessageHandler, GrainMessageHandler>();
        services.AddSingleton<ISmtpAuthenticator, GrainSmtpAuthenticator>();
        return services;
    }
}
