using System.ComponentModel.DataAnnotations;

namespace MailGrid.Hosting;

/// <summary>Orleans cluster identity and endpoints (section <c>MailGrid:Cluster</c>).</summary>
public sealed class MailGridClusterOptions
{
    public const string SectionName = "MailGrid:Cluster";

    /// <summary>Silos and clients with the same ids form one cluster. Default "mailgrid".</summary>
    [Required]
    public string ClusterId { get; set; } = "mailgrid";

    /// <summary>Identity of the service across deployments (grain state is keyed by it). Default "mailgrid".</summary>
    [Required]
    public string ServiceId { get; set; } = "mailgrid";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port ingress clients connect to. Default 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo at (a pod IP on Kubernetes). Default 127.0.0.1.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
