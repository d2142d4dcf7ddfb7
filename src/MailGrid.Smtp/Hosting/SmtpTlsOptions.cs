namespace MailGrid.Smtp;

/// <summary>
/// Where the server certificate comes from ("MailGrid:Smtp:Tls"). A PEM certificate with <see cref="KeyPath"/>
/// (or with the key in the same file), or a PKCS#12 (.pfx/.p12) file with <see cref="Password"/>. With no
/// <see cref="CertificatePath"/>, a self-signed certificate for the hostname is generated at start and a warning logged.
/// </summary>
public sealed class SmtpTlsOptions
{
    /// <summary>Path of the certificate: PEM (.pem/.crt/.cer) or PKCS#12 (.pfx/.p12). Default none.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Path of the PEM private key, when it is not in the certificate file. Default none.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 file, or of an encrypted PEM key. Default none.</summary>
    public string? Password { get; set; }
}
