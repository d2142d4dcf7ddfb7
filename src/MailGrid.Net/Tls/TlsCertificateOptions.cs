namespace MailGrid.Net.Tls;

/// <summary>
/// The server certificate every TLS listener of the process serves (section <c>MailGrid:Tls</c>; SMTP's older
/// <c>MailGrid:Smtp:Tls</c> still works and fills in whatever <c>MailGrid:Tls</c> leaves unset). A PEM certificate with
/// <see cref="KeyPath"/> (or with the key in the same file), or a PKCS#12 (.pfx/.p12) file with <see cref="Password"/>.
/// With no <see cref="CertificatePath"/>, a self-signed certificate for <see cref="Hostname"/> is generated at start
/// and a warning logged.
/// </summary>
public sealed class TlsCertificateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "MailGrid:Tls";

    /// <summary>Path of the certificate: PEM (.pem/.crt/.cer) or PKCS#12 (.pfx/.p12). Default none.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Path of the PEM private key, when it is not in the certificate file. Default none.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 file, or of an encrypted PEM key. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Name (CN and DNS SAN) of the generated self-signed certificate when no <see cref="CertificatePath"/> is set.
    /// Default: the SMTP <c>Hostname</c> when SMTP is hosted, else the machine's host name.
    /// </summary>
    public string? Hostname { get; set; }
}
