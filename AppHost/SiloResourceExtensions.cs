using System.Globalization;

namespace MailGrid.AppHost;

/// <summary>Adds a MailGrid silo (grains and the HTTP API) with its own ports on one machine.</summary>
internal static class SiloResourceExtensions
{
    public static IResourceBuilder<ProjectResource> AddSilo(
        this IDistributedApplicationBuilder builder,
        string name,
        SiloPorts ports,
        string dataRoot,
        string blobPath)
    {
        // Silos on one machine must each have their own silo and gateway ports, and must
        // advertise loopback: by default they would advertise the external interface.
        return builder.AddProject<Projects.MailGrid_Silo>(name)
            .WithHttpEndpoint(port: ports.HttpPort, isProxied: false, env: "MailGrid__Http__Port")
            .WithEnvironment("MailGrid__Cluster__SiloPort", Invariant(ports.SiloPort))
            .WithEnvironment("MailGrid__Cluster__GatewayPort", Invariant(ports.GatewayPort))
            .WithEnvironment("MailGrid__Cluster__AdvertisedAddress", "127.0.0.1")
            .WithEnvironment("MailGrid__DataPath", Path.Combine(dataRoot, name))
            .WithEnvironment("MailGrid__Storage__Blobs__RootPath", blobPath)
            .WithDemoDirectory()
            .WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// The demo's user directory, the same on every silo: domain <c>example.test</c> with
    /// <c>demo@example.test</c> (alias <c>postmaster@example.test</c>, password <c>demo-password</c> for the
    /// submission listeners) and <c>localhost</c> with <c>postmaster@localhost</c>.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithDemoDirectory(this IResourceBuilder<ProjectResource> silo)
        => silo
            .WithEnvironment("MailGrid__Directory__LocalDomains__0__Name", "example.test")
            .WithEnvironment("MailGrid__Directory__LocalDomains__1__Name", "localhost")
            .WithEnvironment("MailGrid__Directory__Accounts__0__Address", "demo@example.test")
            .WithEnvironment("MailGrid__Directory__Accounts__0__Aliases__0", "postmaster@example.test")
            // A hash of the demo password "demo-password" (hash-password command); never a plain password.
            .WithEnvironment("MailGrid__Directory__Accounts__0__PasswordHash", DemoAccount.PasswordHash)
            .WithEnvironment("MailGrid__Directory__Accounts__1__Address", "postmaster@localhost");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
