using MailGrid.Dsn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DsnServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DsnPolicy"/> and <see cref="DsnBuilder"/> with <see cref="DsnOptions"/> (section <c>MailGrid:Dsn</c>) validated at start.</summary>
    public static IServiceCollection AddMailGridDsn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DsnOptions>().Bind(configuration.GetSection(DsnOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DsnPolicy>();
        services.TryAddSingleton<DsnBuilder>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
