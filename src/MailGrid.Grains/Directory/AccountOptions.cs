namespace MailGrid.Grains.Directory;

/// <summary>A local user from configuration.</summary>
public sealed class AccountOptions
{
    public string Address { get; set; } = "";

    public List<string> Aliases { get; set; } = [];
}
