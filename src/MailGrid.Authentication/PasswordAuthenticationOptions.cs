using System.ComponentModel.DataAnnotations;

namespace MailGrid.Authentication;

/// <summary>Settings of the password checks (section <c>MailGrid:Authentication</c>).</summary>
public sealed class PasswordAuthenticationOptions
{
    public const string SectionName = "MailGrid:Authentication";

    /// <summary>How long a login waits for the directory grain before it fails as temporary trouble (SMTP <c>454 4.7.0</c>). Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DirectoryTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
