using MailGrid.Submission;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class SubmissionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MessageSubmitter"/> with its settings (<c>MailGrid:Handoff</c>, validated at start). Needs an
    /// <c>IGrainFactory</c> (silo or client) and an <c>IBlobStore</c>. Safe to call more than once (the all-in-one host
    /// registers it for SMTP and for the grains' DSNs).
    /// </summary>
    public static IServiceCollection AddMailGridSubmission(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(MessageSubmitter)))
        {
            return services;
        }

        services.AddOptions<HandoffOptions>().Bind(configuration.GetSection(HandoffOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MessageSubmitter>();
        return services;
    }
}
