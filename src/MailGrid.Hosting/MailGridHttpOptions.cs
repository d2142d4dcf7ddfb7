using System.ComponentModel.DataAnnotations;

namespace MailGrid.Hosting;

/// <summary>The HTTP endpoint for the API and health checks (section <c>MailGrid:Http</c>).</summary>
public sealed class MailGridHttpOptions
{
    public const string SectionName = "MailGrid:Http";

    /// <summary>TCP port on all interfaces. Default 8080.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 8080;
}
