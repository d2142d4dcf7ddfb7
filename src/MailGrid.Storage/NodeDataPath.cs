namespace MailGrid.Storage;

/// <summary>
/// The folder a node keeps its local data in (<c>MailGrid:DataPath</c>): the embedded database and, unless
/// <c>MailGrid:Storage:Blobs:RootPath</c> says otherwise, the body files.
/// </summary>
public static class NodeDataPath
{
    /// <summary>The configuration key.</summary>
    public const string Key = "MailGrid:DataPath";

    /// <summary>Used when the key is not set.</summary>
    public const string Default = "./data";
}
