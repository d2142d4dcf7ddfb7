namespace MailGrid.Grains.Accounts;

/// <summary>
/// Local domains and users (section <c>MailGrid:Directory</c>), like Postfix's mydestination and
/// virtual alias maps. With no domain configured, <c>localhost</c> is local and has <c>postmaster@localhost</c>.
/// Accounts added through the HTTP API are kept by the directory grain on top of these.
/// </summary>
public sealed class DirectoryOptions
{
    public const string SectionName = "MailGrid:Directory";

    public List<LocalDomainOptions> LocalDomains { get; set; } = [];

    public List<AccountOptions> Accounts { get; set; } = [];
}
