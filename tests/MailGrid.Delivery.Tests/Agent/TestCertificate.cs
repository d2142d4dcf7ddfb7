using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailGrid.Delivery.Tests.Agent;

/// <summary>A self-signed server certificate with its private key, for STARTTLS on test sinks.</summary>
public static class TestCertificate
{
    public static X509Certificate2 Create(string subject = "mx.remote.test")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
