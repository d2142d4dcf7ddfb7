using MailGrid.Net.Tls;
using Microsoft.Extensions.Options;

namespace MailGrid.Smtp;

/// <summary>
/// SMTP's part in the shared certificate: the older "MailGrid:Smtp:Tls" settings fill in what "MailGrid:Tls" leaves
/// unset, and a generated certificate is made out to the SMTP <see cref="SmtpServerOptions.Hostname"/>.
/// </summary>
internal sealed class SmtpTlsCertificateSetup(IOptions<SmtpServerOptions> smtp) : IPostConfigureOptions<TlsCertificateOptions>
{
    public void PostConfigure(string? name, TlsCertificateOptions options)
    {
        SmtpServerOptions settings;
        try
        {
            settings = smtp.Value;
        }
        catch (OptionsValidationException)
        {
            // Invalid SMTP settings fail the host at start (ValidateOnStart); the TLS options must still build.
            return;
        }

        var legacy = settings.Tls;
        options.CertificatePath ??= legacy?.CertificatePath;
        options.KeyPath ??= legacy?.KeyPath;
        options.Password ??= legacy?.Password;
        options.Hostname ??= legacy?.Hostname ?? settings.Hostname;
    }
}
