using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>Certificate checks for test clients: the server's self-signed certificate is trusted by its subject.</summary>
public static class TestCertificates
{
    /// <summary>Accepts exactly the certificate the engine generates for the test hostname (untrusted root, so chain errors are expected).</summary>
    public static bool AcceptTestServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate?.Subject == $"CN={SmtpServerFixture.Hostname}" && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
}
