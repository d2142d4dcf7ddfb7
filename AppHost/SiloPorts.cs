namespace MailGrid.AppHost;

/// <summary>Ports of one silo: each silo on one machine needs its own.</summary>
internal sealed class SiloPorts
{
    /// <summary>HTTP API and health.</summary>
    public int HttpPort { get; set; }

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; }

    /// <summary>Orleans gateway port the ingress clients connect to.</summary>
    public int GatewayPort { get; set; }
}
