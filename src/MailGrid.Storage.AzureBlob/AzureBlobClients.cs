using Azure.Identity;
using Azure.Storage.Blobs;

namespace MailGrid.Storage.AzureBlob;

/// <summary>Builds the SDK client from <see cref="AzureBlobStoreOptions"/>.</summary>
internal static class AzureBlobClients
{
    public static BlobContainerClient CreateContainerClient(AzureBlobStoreOptions options)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;

        var service = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ServiceUri, new DefaultAzureCredential(), clientOptions)
            : new BlobServiceClient(options.ConnectionString, clientOptions);
        return service.GetBlobContainerClient(options.Container);
    }
}
