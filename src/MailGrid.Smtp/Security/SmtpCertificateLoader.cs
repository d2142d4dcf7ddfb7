using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp.Security;

/// <summary>Loads or generates the certificate at host start when a listener uses TLS, rather than on the first STARTTLS.</summary>
internal sealed class SmtpCertificateLoader(SmtpCertificateProvider certificates, IOptions<SmtpServerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Listeners.Any(l => l.Tls != SmtpTlsMode.None))
        {
            certificates.EnsureLoaded();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
