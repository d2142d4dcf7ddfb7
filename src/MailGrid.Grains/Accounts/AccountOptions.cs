namespace MailGrid.Grains.Accounts;

/// <summary>A local user from configuration.</summary>
public sealed class AccountOptions
{
    public string Address { get; set; } = "";

    public List<string> Aliases { get; set; } = [];

    /// <summary>
    /// Password hash for SMTP AUTH, as printed by <c>MailGrid.Server hash-password</c> (never a plain password).
    /// Default: none, the account cannot authenticate.
    /// </summary>
    public string? PasswordHash { get; set; }
}
