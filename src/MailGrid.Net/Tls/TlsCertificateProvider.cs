using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrid.Net.Tls;

/// <summary>
/// The server certificate of every TLS listener in the process, loaded once from <see cref="TlsCertificateOptions"/> or
/// generated self-signed for the hostname. <see cref="SslStreamCertificateContext"/> is built once so each handshake
/// reuses the chain.
/// </summary>
public sealed partial class TlsCertificateProvider : IDisposable
{
    private readonly Lazy<LoadedCertificate?> _certificate;
    private readonly ILogger<TlsCertificateProvider> _logger;

    public TlsCertificateProvider(IOptions<TlsCertificateOptions> options, TimeProvider time, ILogger<TlsCertificateProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _logger = logger;
        var settings = options.Value;
        _certificate = new(() => Load(settings, time.GetUtcNow()));
    }

    /// <summary>True when a certificate is at hand; false when loading it failed (SMTP then answers STARTTLS with 454).</summary>
    public bool IsAvailable => _certificate.Value is not null;

    public X509Certificate2? Certificate => _certificate.Value?.Certificate;

    /// <summary>Server options for one handshake: TLS 1.2 or later, no client certificate.</summary>
    public SslServerAuthenticationOptions? ServerOptions => _certificate.Value is { } c
        ? new SslServerAuthenticationOptions
        {
            ServerCertificateContext = c.Context,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        }
        : null;

    /// <summary>
    /// Loads (or generates) the certificate now, so the warning shows at start and a certificate that cannot be
    /// loaded stops the host instead of silently serving without TLS.
    /// </summary>
    public void EnsureLoaded()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("The TLS certificate could not be loaded (MailGrid:Tls, or MailGrid:Smtp:Tls); see the error logged before.");
        }
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value?.Certificate.Dispose();
        }
    }

    /// <summary>A self-signed ECDSA P-256 certificate: CN and DNS SAN = hostname, valid one year from now.</summary>
    public static X509Certificate2 CreateSelfSigned(string hostname, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostname);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        // A round trip through PKCS#12 gives a key SslStream can use on every platform (ephemeral keys fail on Windows).
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Loads the certificate (and key) <paramref name="tls"/> names; throws when the files cannot be read.</summary>
    public static X509Certificate2 LoadFromFiles(TlsCertificateOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var path = tls.CertificatePath ?? throw new ArgumentException("No CertificatePath is set.", nameof(tls));
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        using var pem = string.IsNullOrEmpty(tls.Password)
            ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, tls.Password, tls.KeyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private LoadedCertificate? Load(TlsCertificateOptions options, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            if (string.IsNullOrWhiteSpace(options.CertificatePath))
            {
                var hostname = string.IsNullOrWhiteSpace(options.Hostname) ? System.Net.Dns.GetHostName() : options.Hostname;
                certificate = CreateSelfSigned(hostname, now);
                LogSelfSigned(hostname, certificate.Thumbprint);
            }
            else
            {
                certificate = LoadFromFiles(options);
                LogLoaded(options.CertificatePath, certificate.Subject, certificate.NotAfter);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogLoadFailed(ex, options.CertificatePath ?? "(self-signed)");
            return null;
        }

        return new LoadedCertificate(certificate, SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true));
    }

    [LoggerMessage(1, LogLevel.Warning, "No TLS certificate configured (MailGrid:Tls:CertificatePath): using a generated self-signed certificate for {Hostname} (thumbprint {Thumbprint}). Clients that verify certificates will refuse it.")]
    private partial void LogSelfSigned(string hostname, string thumbprint);

    [LoggerMessage(2, LogLevel.Information, "TLS certificate loaded from {Path}: {Subject}, valid until {NotAfter}")]
    private partial void LogLoaded(string path, string subject, DateTime notAfter);

    [LoggerMessage(3, LogLevel.Error, "TLS certificate {Path} could not be loaded; STARTTLS and implicit TLS are unavailable")]
    private partial void LogLoadFailed(Exception exception, string path);

    private sealed record LoadedCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context);
}
