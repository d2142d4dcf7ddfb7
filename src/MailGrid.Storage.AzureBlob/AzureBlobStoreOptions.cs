using System.ComponentModel.DataAnnotations;

namespace MailGrid.Storage.AzureBlob;

/// <summary>Where and how <see cref="AzureBlobStore"/> keeps message bodies.</summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>Configuration section: <c>MailGrid:Storage:Blobs:Azure</c>.</summary>
    public const string SectionName = "MailGrid:Storage:Blobs:Azure";

    /// <summary>Default <see cref="BlockSize"/>: 4 MiB.</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>
    /// Storage account connection string (account key or SAS). Either this or <see cref="ServiceUri"/> is required;
    /// the connection string wins when both are set. No default.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Blob service endpoint, e.g. <c>https://account.blob.core.windows.net</c>, authenticated with
    /// <c>DefaultAzureCredential</c> (workload identity, managed identity, environment, Azure CLI). No default.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Container holding the bodies; created when missing. Default: <c>mailgrid</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Container must be 3-63 characters of a-z, 0-9 and single hyphens, starting and ending with a letter or digit.")]
    public string Container { get; set; } = "mailgrid";

    /// <summary>
    /// Bytes buffered before a block is staged; a message up to this size is uploaded in one request.
    /// Memory per upload in flight is one block. Default: 4 MiB; 16 KiB to 100 MiB.
    /// </summary>
    [Range(16 * 1024, 100 * 1024 * 1024)]
    public int BlockSize { get; set; } = DefaultBlockSize;

    /// <summary>Retries of a failed request by the Azure SDK (exponential backoff) before it counts as unavailable. Default: 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Timeout of one request attempt. Default: 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
