using System.ComponentModel.DataAnnotations;

namespace MailGrid.Storage.Files;

/// <summary>Where <see cref="FileSystemBlobStore"/> keeps message bodies.</summary>
public sealed class FileBlobStoreOptions
{
    /// <summary>Configuration section: <c>MailGrid:Storage:Blobs</c>.</summary>
    public const string SectionName = "MailGrid:Storage:Blobs";

    /// <summary>
    /// Root folder of the blobs. Default: <c>&lt;MailGrid:DataPath&gt;/blobs</c> (so <c>./data/blobs</c>).
    /// In cluster mode every node must see the same folder (a shared volume).
    /// </summary>
    [Required]
    public string RootPath { get; set; } = Path.Combine(NodeDataPath.Default, "blobs");
}
