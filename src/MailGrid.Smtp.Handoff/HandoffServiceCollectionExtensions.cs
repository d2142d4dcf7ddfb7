using MailGrid.Smtp;
using MailGrid.Smtp.Handoff;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class HandoffServiceCollectionExtensions
{
    /// <summary>
    /// Makes the grains the SMTP engine's message handler (over <c>MessageSubmitter</c>) and its AUTH authenticator
    /// (<c>GrainPasswordAuthenticator</c>). Needs an IGrainFactory (silo or client) and an IBlobStore.
    /// </summary>
    public static IServiceCollection AddMailGridHandoff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMailGridSubmission(configuration);
        services.AddMailGridPasswordAuthentication(configuration);
        services.AddSingleton<ISmtpMessageHandler, GrainMessageHandler>();
        return services;
    }
}
