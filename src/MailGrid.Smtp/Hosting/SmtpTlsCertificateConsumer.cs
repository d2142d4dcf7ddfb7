using MailGrid.Net.Tls;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>SMTP needs the certificate when any listener offers STARTTLS or runs implicit TLS.</summary>
internal sealed class SmtpTlsCertificateConsumer(IOptions<SmtpServerOptions> options) : ITlsCertificateConsumer
{
    public bool NeedsCertificate => options.Value.Listeners.Any(l => l.Tls != SmtpTlsMode.None);
}
