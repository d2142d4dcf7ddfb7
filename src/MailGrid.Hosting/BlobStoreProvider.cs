namespace MailGrid.Hosting;

/// <summary>Where message bodies live; chosen by <c>MailGrid:Storage:Blobs:Provider</c>.</summary>
public enum BlobStoreProvider
{
    /// <summary>Files under <c>MailGrid:Storage:Blobs:RootPath</c> (a shared volume in cluster mode). The default.</summary>
    FileSystem,

    /// <summary>Block blobs in Azure Blob Storage, settings under <c>MailGrid:Storage:Blobs:Azure</c>.</summary>
    AzureBlob,
}
