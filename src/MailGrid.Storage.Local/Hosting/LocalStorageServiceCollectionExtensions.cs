using MailGrid.Storage.Files;
using MailGrid.Storage.Local.Journal;
using MailGrid.Storage.Local.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailGrid.Storage.Local.Hosting;

/// <summary>Registers the embedded-mode (local disk) stores.</summary>
public static class LocalStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBlobStore"/> (<see cref="SqliteBlobStore"/>: small bodies in the database, larger ones as
    /// files under <c>&lt;MailGrid:DataPath&gt;/blobs</c>) and
    /// <see cref="IMessageStore"/>, <see cref="IMailboxStore"/>, <see cref="IQueueStore"/> (SQLite at
    /// <c>&lt;MailGrid:DataPath&gt;/mailgrid.db</c>) and <see cref="IDeliveryJournal"/> (<see cref="FileDeliveryJournal"/> under
    /// <c>&lt;MailGrid:DataPath&gt;/journal</c>) as singletons. Settings: <c>MailGrid:DataPath</c>,
    /// <c>MailGrid:Storage:Local</c>, <c>MailGrid:Storage:Blobs</c>.
    /// </summary>
    public static IServiceCollection AddMailGridLocalStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMailGridFileBlobStore(configuration);
        services.AddMailGridSqliteDatabase(configuration);

        // Small bodies go inline in the node's database, larger ones spill to the file store: the blob store of
        // embedded mode, unless another one (Azure) is chosen.
        services.TryAddKeyedSingleton<IBlobStore>(FileBlobStoreServiceCollectionExtensions.FrontStoreKey, (sp, _) =>
            sp.GetRequiredService<IOptions<LocalStorageOptions>>().Value.InlineBodyMaxBytes > 0
                ? sp.GetRequiredService<SqliteBlobStore>()
                : sp.GetRequiredService<FileSystemBlobStore>());
        services.TryAddSingleton<SqliteMessageStore>();
        services.TryAddSingleton<SqliteMailboxStore>();
        services.TryAddSingleton<SqliteQueueStore>();
        services.TryAddSingleton<SqliteBlobStore>();
        services.TryAddSingleton<IMessageStore>(sp => sp.GetRequiredService<SqliteMessageStore>());
        services.TryAddSingleton<IMailboxStore>(sp => sp.GetRequiredService<SqliteMailboxStore>());
        services.TryAddSingleton<IQueueStore>(sp => sp.GetRequiredService<SqliteQueueStore>());
        // Replaces the journal that keeps nothing, whichever was registered first: here a record costs a group commit.
        services.TryAddSingleton<FileDeliveryJournal>();
        services.Replace(ServiceDescriptor.Singleton<IDeliveryJournal>(sp => sp.GetRequiredService<FileDeliveryJournal>()));
        return services;
    }

    /// <summary>The node's SQLite database and its group-commit writer, shared by record stores and grain storage.</summary>
    internal static IServiceCollection AddMailGridSqliteDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SqliteDatabase)))
        {
            return services;
        }

        services.AddOptions<LocalStorageOptions>()
            .Configure(options =>
            {
                options.DataPath = configuration[LocalStorageOptions.DataPathKey] ?? options.DataPath;
                configuration.GetSection(LocalStorageOptions.SectionName).Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The container disposes the database at shutdown, which drains and stops the writer thread.
        services.AddSingleton<SqliteDatabase>();
        return services;
    }
}
