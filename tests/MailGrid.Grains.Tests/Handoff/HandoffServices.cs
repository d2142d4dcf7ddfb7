using System.Net;
using System.Reflection;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Smtp;
using MailGrid.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MailGrid.Net;

namespace MailGrid.Grains.Tests.Handoff;

/// <summary>
/// The handoff as an ingress wires it (<c>AddMailGridHandoff</c>), over the test cluster's client and the silo's
/// blob store, so the SMTP policy can be exercised without the engine's SASL exchange.
/// </summary>
internal sealed class HandoffServices : IDisposable
{
    private readonly ServiceProvider _services;

    public HandoffServices(MailGridCluster cluster)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddSingleton<IGrainFactory>(cluster.Client)
            .AddSingleton(cluster.SiloServices.GetRequiredService<IBlobStore>());
        services.AddMailGridHandoff(configuration);
        _services = services.BuildServiceProvider();
    }

    public ISmtpMessageHandler Handler => _services.GetRequiredService<ISmtpMessageHandler>();

    public IPasswordAuthenticator Authenticator => _services.GetRequiredService<IPasswordAuthenticator>();

    /// <summary>The untrusted client of <see cref="Session"/>.</summary>
    public static IPEndPoint Client { get; } = new(IPAddress.Parse("192.0.2.10"), 40000);

    /// <summary>A session from an untrusted client; <paramref name="authenticatedUser"/> as the engine sets it after AUTH.</summary>
    public static SmtpSessionInfo Session(string? authenticatedUser = null, bool trusted = false)
    {
        var session = new SmtpSessionInfo
        {
            SessionId = Guid.NewGuid().ToString("N"),
            RemoteEndPoint = Client,
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 587),
            ListenerName = "submission",
            IsTrustedClient = trusted,
        };

        // The setter is the engine's (internal); until AUTH runs over real sockets, set it the way the engine will.
        typeof(SmtpSessionInfo).GetProperty(nameof(SmtpSessionInfo.AuthenticatedUser), BindingFlags.Public | BindingFlags.Instance)!
            .SetValue(session, authenticatedUser);
        typeof(SmtpSessionInfo).GetProperty(nameof(SmtpSessionInfo.HeloName), BindingFlags.Public | BindingFlags.Instance)!
            .SetValue(session, "client.test");
        return session;
    }

    public static SmtpTransaction Transaction(string reversePath, IReadOnlyDictionary<string, string>? parameters = null)
        => new() { ReversePath = reversePath, MailParameters = parameters ?? new Dictionary<string, string>() };

    public void Dispose() => _services.Dispose();
}
