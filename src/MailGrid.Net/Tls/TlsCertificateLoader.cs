using Microsoft.Extensions.Hosting;

namespace MailGrid.Net.Tls;

/// <summary>
/// Loads or generates the certificate at host start when any protocol will serve TLS, rather than on the first
/// handshake: a certificate that cannot be loaded stops the host instead of silently serving without TLS.
/// </summary>
internal sealed class TlsCertificateLoader(TlsCertificateProvider certificates, IEnumerable<ITlsCertificateConsumer> consumers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (consumers.Any(c => c.NeedsCertificate))
        {
            certificates.EnsureLoaded();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
