using System.Net;
using System.Text;
using MailGrid.Delivery.Dkim;
using MailGrid.Delivery.Routing;
using MailGrid.Delivery.Tests.Infrastructure;
using MailGrid.Delivery.Tls;
using MailGrid.Storage.Files;
using MailGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tests.Agent;

/// <summary>
/// One test's world: a loopback DNS server, SMTP sinks on 127.0.0.x sharing one port (so MX hosts differ only by
/// address, as on the internet), a file blob store holding the message, and the agent built as DI builds it.
/// </summary>
public sealed class DeliveryAgentFixture : IAsyncDisposable
{
    private readonly List<SmtpSink> _sinks = [];
    private readonly TempDirectory _directory = TempDirectory.Create();

    public DeliveryAgentFixture()
    {
        Blobs = new FileSystemBlobStore(Options.Create(new FileBlobStoreOptions { RootPath = Path.Combine(_directory.Path, "blobs") }));
    }

    public LoopbackDnsServer Dns { get; } = LoopbackDnsServer.Start();

    /// <summary>The port every sink listens on and MX hosts are contacted on.</summary>
    public int SmtpPort { get; } = FreeTcpPort.Next();

    public FileSystemBlobStore Blobs { get; }

    public string Directory => _directory.Path;

    public TlsPolicyOptions Tls { get; } = new();

    public DkimSigningOptions Dkim { get; } = new();

    public RoutingOptions Routing { get; } = new();

    /// <summary>Starts a sink on <paramref name="address"/> (127.0.0.x) at <see cref="SmtpPort"/>.</summary>
    public SmtpSink Sink(string address)
    {
        var sink = SmtpSink.Start(IPAddress.Parse(address), SmtpPort);
        _sinks.Add(sink);
        return sink;
    }

    public SmtpDeliveryAgent Agent(TimeSpan? connectTimeout = null)
    {
        var delivery = new DeliveryOptions { ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(5), CommandTimeout = TimeSpan.FromSeconds(10), HeloName = "out.mailgrid.test" };
        var dns = DeliveryComponents.Dns(Dns, SmtpPort);
        return new SmtpDeliveryAgent(
            DeliveryComponents.NextHops(dns, Routing),
            new TlsPolicyResolver(new StaticOptionsMonitor<TlsPolicyOptions>(Tls), new StaticOptionsMonitor<DeliveryOptions>(delivery)),
            new DkimMessageSigner(Options.Create(Dkim)),
            Blobs,
            new StaticOptionsMonitor<DeliveryOptions>(delivery),
            NullLogger<SmtpDeliveryAgent>.Instance);
    }

    /// <summary>Stores a small message as the ingress would and returns its blob key.</summary>
    public async Task<string> StoreMessageAsync(string from = "alice@sender.test", string to = "bob@remote.test")
    {
        var key = $"msg-{Guid.NewGuid():N}";
        await using var upload = await Blobs.BeginUploadAsync(key, CancellationToken.None);
        await upload.Content.WriteAsync(Encoding.ASCII.GetBytes(
            $"From: <{from}>\r\nTo: <{to}>\r\nSubject: Hello\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{key}@sender.test>\r\n\r\nHello there.\r\n"));
        await upload.CommitAsync(CancellationToken.None);
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks)
        {
            await sink.DisposeAsync();
        }

        Dns.Dispose();
        _directory.Dispose();
    }
}
