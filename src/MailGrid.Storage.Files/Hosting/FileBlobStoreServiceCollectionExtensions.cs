using MailGrid.Storage;
using MailGrid.Storage.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="FileSystemBlobStore"/>.</summary>
public static class FileBlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Key of an <see cref="IBlobStore"/> that fronts the file store: when one is registered under it (embedded mode's
    /// inline bodies, which spill to the files), <see cref="IBlobStore"/> resolves to it, whatever the order of registration.
    /// </summary>
    public const string FrontStoreKey = "MailGrid.Storage.Files.Front";

    /// <summary>
    /// Registers <see cref="FileSystemBlobStore"/> and, unless another blob store is registered, makes it the
    /// <see cref="IBlobStore"/>. Root: <c>MailGrid:Storage:Blobs:RootPath</c>, default <c>&lt;MailGrid:DataPath&gt;/blobs</c>.
    /// Cluster mode points it at a folder shared by all nodes. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddMailGridFileBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(FileSystemBlobStore)))
        {
            return services;
        }

        services.AddOptions<FileBlobStoreOptions>()
            .Configure(options =>
            {
                options.RootPath = Path.Combine(configuration[NodeDataPath.Key] ?? NodeDataPath.Default, "blobs");
                configuration.GetSection(FileBlobStoreOptions.SectionName).Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<FileSystemBlobStore>();
        services.TryAddSingleton<IBlobStore>(sp => sp.GetKeyedService<IBlobStore>(FrontStoreKey) ?? sp.GetRequiredService<FileSystemBlobStore>());
        return services;
    }
}
