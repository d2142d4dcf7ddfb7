using System.ComponentModel.DataAnnotations;

namespace MailGrid.Storage.Local;

/// <summary>Embedded-mode storage settings.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>Configuration section for the settings other than the data path: <c>MailGrid:Storage:Local</c>.</summary>
    public const string SectionName = "MailGrid:Storage:Local";

    /// <summary>Configuration key of <see cref="DataPath"/>, shared with the rest of MailGrid: <c>MailGrid:DataPath</c>.</summary>
    public const string DataPathKey = NodeDataPath.Key;

    public const string DefaultDataPath = NodeDataPath.Default;

    /// <summary>Folder for everything the node stores (<c>mailgrid.db</c>, <c>blobs/</c>). Default <c>./data</c>.</summary>
    [Required]
    public string DataPath { get; set; } = DefaultDataPath;

    /// <summary>SQLite file name inside <see cref="DataPath"/>. Default <c>mailgrid.db</c>.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]+$")]
    public string DatabaseFileName { get; set; } = "mailgrid.db";

    /// <summary>Most write operations committed in one transaction (one fsync). Default 512.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Bodies up to this size are stored in the database (group-committed with the records, no file per message);
    /// larger ones are files under <c>blobs/</c>. 0 keeps every body in a file. Default 256 KiB.
    /// </summary>
    [Range(0, 16 * 1024 * 1024)]
    public int InlineBodyMaxBytes { get; set; } = 256 * 1024;

    /// <summary>Full path of the SQLite database file.</summary>
    public string DatabasePath => Path.Combine(DataPath, DatabaseFileName);
}
