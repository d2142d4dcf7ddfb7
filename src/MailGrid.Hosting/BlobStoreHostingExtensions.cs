using MailGrid.Hosting;
using MailGrid.Storage;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the <see cref="IBlobStore"/> backend from configuration, so hosts never name one in code.</summary>
public static class BlobStoreHostingExtensions
{
    /// <summary>Configuration key of the backend: <c>FileSystem</c> (default) or <c>AzureBlob</c>.</summary>
    public const string ProviderKey = "MailGrid:Storage:Blobs:Provider";

    /// <summary>
    /// Registers the blob store named by <c>MailGrid:Storage:Blobs:Provider</c>: <c>FileSystem</c> (default,
    /// <c>MailGrid:Storage:Blobs:RootPath</c>) or <c>AzureBlob</c> (<c>MailGrid:Storage:Blobs:Azure</c>).
    /// An unknown value stops the host at start.
    /// </summary>
    public static IServiceCollection AddMailGridBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProviderOf(configuration) switch
        {
            BlobStoreProvider.AzureBlob => services.AddMailGridAzureBlobStore(configuration),
            _ => services.AddMailGridFileBlobStore(configuration),
        };
    }

    /// <summary>The configured backend; throws with the accepted values when the setting is not one of them.</summary>
    public static BlobStoreProvider ProviderOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return BlobStoreProvider.FileSystem;
        }

        return Enum.TryParse<BlobStoreProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException(
                $"{ProviderKey} is '{value}'; use one of: {string.Join(", ", Enum.GetNames<BlobStoreProvider>())}.");
    }
}
