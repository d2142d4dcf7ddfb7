using MailGrid.Grains.Accounts;
using MailGrid.Grains.Messages;
using MailGrid.Grains.Queues;
using MailGrid.Grains.Sweep;
using MailGrid.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains need on a silo: directory and delivery options, the delivery agent, the
    /// queue recovery scan and the storage sweep. Storage (IMessageStore, IMailboxStore, IQueueStore, IBlobStore) and the
    /// "mailgrid" grain storage provider are registered by the host.
    /// </summary>
    public static IServiceCollection AddMailGridGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectoryOptions>().Bind(configuration.GetSection(DirectoryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<DirectoryOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<DirectoryOptions>>(sp => sp.GetRequiredService<DirectoryOptionsSetup>());
        services.AddSingleton<IValidateOptions<DirectoryOptions>>(sp => sp.GetRequiredService<DirectoryOptionsSetup>());
        services.AddMailGridDelivery(configuration);
        services.AddMailGridDsn(configuration);
        services.AddMailGridSubmission(configuration);
        services.AddSingleton<DsnSender>();
        services.AddOptions<DeliveryLimitsOptions>().Bind(configuration.GetSection(DeliveryLimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Embedded storage replaces it with a file journal (AddMailGridLocalStorage); cluster stores need none.
        services.TryAddSingleton<IDeliveryJournal, NoDeliveryJournal>();
        services.AddPlacementDirector<DeliverySlotPlacement, DeliverySlotPlacementDirector>();
        services.AddHostedService<QueueRecoveryService>();
        services.AddOptions<StorageSweepOptions>().Bind(configuration.GetSection(StorageSweepOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SweepTelemetry>();
        services.AddSingleton<StorageSweeper>();
        services.AddHostedService<StorageSweepService>();
        return services;
    }
}
