using MailGrid.Accounts;

namespace MailGrid.Grains.Accounts;

/// <summary>Accounts added through the HTTP API (configuration accounts are not persisted).</summary>
[GenerateSerializer, Alias("mailgrid.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public Dictionary<string, Account> Accounts { get; set; } = new(StringComparer.Ordinal);
}
