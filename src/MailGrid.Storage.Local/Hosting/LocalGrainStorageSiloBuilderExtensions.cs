using MailGrid.Storage.Local.Grains;
using MailGrid.Storage.Local.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace MailGrid.Storage.Local.Hosting;

/// <summary>Registers <see cref="SqliteGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class LocalGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds durable grain storage named <paramref name="name"/> in the node's SQLite database
    /// (<c>&lt;MailGrid:DataPath&gt;/mailgrid.db</c>, read from the silo's configuration).
    /// </summary>
    public static ISiloBuilder AddMailGridLocalGrainStorage(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddMailGridSqliteDatabase(builder.Configuration);
        builder.Services.AddOptions<LocalGrainStorageOptions>(name);

        // Fills GrainStorageSerializer from the silo's IGrainStorageSerializer when not set, like Orleans' own providers.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<LocalGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<LocalGrainStorageOptions>>());
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) =>
        {
            var providerName = (string)key!;
            var options = services.GetRequiredService<IOptionsMonitor<LocalGrainStorageOptions>>().Get(providerName);
            return new SqliteGrainStorage(providerName, options, services.GetRequiredService<SqliteDatabase>());
        });
        return builder;
    }
}
