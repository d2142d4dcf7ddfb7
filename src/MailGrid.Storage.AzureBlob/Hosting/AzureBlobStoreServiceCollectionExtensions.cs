using MailGrid.Storage;
using MailGrid.Storage.AzureBlob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AzureBlobStore"/>.</summary>
public static class AzureBlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AzureBlobStore"/> as <see cref="IBlobStore"/>, replacing any blob store registered before
    /// (so it wins over the file store whatever the order). Settings: <c>MailGrid:Storage:Blobs:Azure</c>
    /// (<see cref="AzureBlobStoreOptions"/>), validated at start.
    /// </summary>
    public static IServiceCollection AddMailGridAzureBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AzureBlobStoreOptions>()
            .Bind(configuration.GetSection(AzureBlobStoreOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobStoreOptions>, AzureBlobStoreOptionsValidator>());
        services.TryAddSingleton<AzureBlobStore>();
        services.Replace(ServiceDescriptor.Singleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>()));
        return services;
    }
}
