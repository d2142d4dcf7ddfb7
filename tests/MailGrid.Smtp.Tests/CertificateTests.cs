using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailGrid.Net.Tls;
using MailGrid.Smtp.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrid.Smtp.Tests;

/// <summary>Certificates from configuration: PKCS#12 with a password, PEM with a separate key, served on a real handshake.</summary>
public sealed class CertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailgrid-certs-").FullName;

    [Fact]
    public void Pfx_with_password_is_loaded()
    {
        using var original = TlsCertificateProvider.CreateSelfSigned("pfx.test", DateTimeOffset.UtcNow);
        var path = Path.Combine(_directory, "server.pfx");
        File.WriteAllBytes(path, original.Export(X509ContentType.Pkcs12, "pfx-password"));

        using var loaded = TlsCertificateProvider.LoadFromFiles(new TlsCertificateOptions { CertificatePath = path, Password = "pfx-password" });
        Assert.Equal(original.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
    }

    [Fact]
    public async Task Pem_certificate_and_key_are_served_on_starttls()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={SmtpServerFixture.Hostname}", key, HashAlgorithmName.SHA256);
        using var original = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        await File.WriteAllTextAsync(certPath, original.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        await using var host = await SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "mx" }],
            o =>
            {
                o.Tls.CertificatePath = certPath;
                o.Tls.KeyPath = keyPath;
            });
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(host.Port("mx"));
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.HandshakeAsync();
        Assert.Equal(original.GetCertHashString(), client.Tls!.RemoteCertificate!.GetCertHashString());
        Assert.Contains(host.AllLogs.Errors, e => e.Contains($"TLS certificate loaded from {certPath}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Certificate_of_the_shared_tls_section_is_served_on_implicit_tls()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={SmtpServerFixture.Hostname}", key, HashAlgorithmName.SHA256);
        using var original = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_directory, "shared.pfx");
        await File.WriteAllBytesAsync(path, original.Export(X509ContentType.Pkcs12, "shared-pw"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailGrid:Tls:CertificatePath"] = path,
            ["MailGrid:Tls:Password"] = "shared-pw",
        }).Build();

        await using var host = await SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "smtps", Tls = SmtpTlsMode.Implicit }], services: s => s.AddMailGridTls(configuration));
        await using var client = await RawSmtpClient.ConnectTlsAsync(host.Port("smtps"));

        Assert.Equal(original.GetCertHashString(), client.Tls!.RemoteCertificate!.GetCertHashString());
    }

    [Fact]
    public async Task Without_a_configured_certificate_a_warning_says_a_self_signed_one_is_used()
    {
        await using var host = await SmtpTestHost.StartAsync([new SmtpListenerOptions { Name = "mx" }]);
        Assert.Contains(host.AllLogs.Errors, e => e.Contains("using a generated self-signed certificate for mx.test.mailgrid", StringComparison.Ordinal));
        Assert.True(host.App.Services.GetRequiredService<TlsCertificateProvider>().IsAvailable);
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_host_at_start()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "mx" }], o => o.Tls.CertificatePath = Path.Combine(_directory, "missing.pem")));
        Assert.Contains(failure.Failures, f => f.Contains("missing.pem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_stops_the_host_at_start()
    {
        var path = Path.Combine(_directory, "broken.pfx");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4]);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "mx" }], o => o.Tls.CertificatePath = path));
        Assert.Contains("MailGrid:Smtp:Tls", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
