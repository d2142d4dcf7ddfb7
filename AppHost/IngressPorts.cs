namespace MailGrid.AppHost;

/// <summary>Ports of one ingress process: health and its three SMTP listeners.</summary>
internal sealed class IngressPorts
{
    /// <summary>Health endpoints (<c>/health</c>, <c>/alive</c>).</summary>
    public int HttpPort { get; set; }

    /// <summary>The "mx" listener (port 25's role), STARTTLS offered.</summary>
    public int MxPort { get; set; }

    /// <summary>The "submission" listener (port 587's role), STARTTLS, AUTH required.</summary>
    public int SubmissionPort { get; set; }

    /// <summary>The "submissions" listener (port 465's role), implicit TLS, AUTH required.</summary>
    public int SubmissionsPort { get; set; }
}
