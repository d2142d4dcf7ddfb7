namespace MailGrid.Net.Tls;

/// <summary>
/// A protocol that may serve TLS with <see cref="TlsCertificateProvider"/>'s certificate. Each registers one (as an
/// enumerable service); the certificate is loaded at start when any of them says it will need it.
/// </summary>
public interface ITlsCertificateConsumer
{
    /// <summary>True when a listener of this protocol uses TLS (STARTTLS or implicit).</summary>
    bool NeedsCertificate { get; }
}
