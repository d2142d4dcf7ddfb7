using System.Globalization;

namespace MailGrid.AppHost;

/// <summary>Adds a MailGrid silo project with its own ports on one machine.</summary>
internal static class SiloResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddSilo(
        this IDistributedApplicationBuilder builder,
        string name,
        int siloPort,
        int gatewayPort,
        int httpPort,
        string dataRoot,
        string blobPath)
    {
        // Silos on one machine must each have their own silo and gateway ports, and must
        // advertise loopback: by default they would advertise the external interface.
        return builder.AddProject<Projects.MailGrid_Silo>(name)
            .WithHttpEndpoint(port: httpPort, isProxied: false, env: "MailGrid__Http__Port")
            .WithEnvironment("MailGrid__Cluster__SiloPort", siloPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("MailGrid__Cluster__GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("MailGrid__Cluster__AdvertisedAddress", "127.0.0.1")
            .WithEnvironment("MailGrid__DataPath", Path.Combine(dataRoot, name))
            .WithEnvironment("MailGrid__Storage__Blobs__RootPath", blobPath)
            .WithHttpHealthCheck("/health");
    }
}
