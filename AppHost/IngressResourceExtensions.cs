using System.Globalization;

namespace MailGrid.AppHost;

/// <summary>Adds a stateless SMTP ingress process with the three standard listeners on its own ports.</summary>
internal static class IngressResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddIngress(
        this IDistributedApplicationBuilder builder,
        string name,
        IngressPorts ports,
        string blobPath)
    {
        var ingress = builder.AddProject<Projects.MailGrid_Ingress>(name)
            .WithHttpEndpoint(port: ports.HttpPort, isProxied: false, env: "MailGrid__Http__Port")
            .WithEnvironment("MailGrid__Storage__Blobs__RootPath", blobPath)
            // Picks up a silo that joins later within a second instead of Orleans' default minute.
            .WithEnvironment("MailGrid__Cluster__Gateway__GatewayListRefreshPeriod", "00:00:01")
            .WithHttpHealthCheck("/health");

        // Loopback only: the submission listeners accept the demo account's password.
        return ingress
            .WithSmtpListener(0, "mx", ports.MxPort, tls: "StartTls", requireAuth: false)
            .WithSmtpListener(1, "submission", ports.SubmissionPort, tls: "StartTls", requireAuth: true)
            .WithSmtpListener(2, "submissions", ports.SubmissionsPort, tls: "Implicit", requireAuth: true);
    }

    /// <summary>One <c>MailGrid:Smtp:Listeners:N</c> entry, shown in the dashboard as a tcp endpoint of that name.</summary>
    private static IResourceBuilder<ProjectResource> WithSmtpListener(
        this IResourceBuilder<ProjectResource> ingress, int index, string name, int port, string tls, bool requireAuth)
    {
        var prefix = $"MailGrid__Smtp__Listeners__{index.ToString(CultureInfo.InvariantCulture)}__";
        return ingress
            .WithEndpoint(name: name, port: port, scheme: "tcp", isProxied: false, env: prefix + "Port")
            .WithEnvironment(prefix + "Name", name)
            .WithEnvironment(prefix + "Address", "127.0.0.1")
            .WithEnvironment(prefix + "Tls", tls)
            .WithEnvironment(prefix + "RequireAuth", requireAuth ? "true" : "false");
    }
}
