namespace MailGrid.Api;

/// <summary>HTTP API access (section <c>MailGrid:Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "MailGrid:Api";

    /// <summary>
    /// Bearer keys that may call <c>/api</c> (header <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>), each at
    /// least 16 characters without whitespace (checked at start). Default: none, and then only loopback clients are
    /// served — the API reads every mailbox, so it is never open to the network by default.
    /// </summary>
    public List<string> Keys { get; set; } = [];
}
