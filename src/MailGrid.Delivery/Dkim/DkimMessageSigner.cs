using MimeKit;
using MimeKit.Cryptography;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;

namespace MailGrid.Delivery.Dkim;

/// <summary>
/// Adds DKIM-Signature headers (MimeKit <see cref="DkimSigner"/>, relaxed/relaxed) for sender domains with keys in
/// <see cref="DkimSigningOptions"/>. Keys are loaded once. The message is first prepared for 7-bit transport so
/// that no downgrade on the way (a next hop without 8BITMIME) can break the body hash.
/// </summary>
public sealed class DkimMessageSigner
{
    private readonly Dictionary<string, DkimSigner[]> _signers;
    private readonly string[] _headers;

    public DkimMessageSigner(IOptions<DkimSigningOptions> options)
    {
        var settings = options.Value;
        _headers = [.. settings.Headers.Distinct(StringComparer.OrdinalIgnoreCase)];
        _signers = settings.Domains.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.Select(key => TryCreateSigner(pair.Key, key, out var error) ?? throw new OptionsValidationException(DkimSigningOptions.SectionName, typeof(DkimSigningOptions), [error!])).ToArray(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when some sender domain has keys configured.</summary>
    public bool Enabled => _signers.Count > 0;

    /// <summary>
    /// Signs <paramref name="message"/> with every key of its sender domain (From header, else <paramref name="reversePath"/>).
    /// Returns the signing domain, or null when the domain has no keys (the message is left as it was).
    /// </summary>
    public string? Sign(MimeMessage message, string reversePath)
    {
        var domain = DomainOf(message.From.Mailboxes.FirstOrDefault()?.Address) ?? DomainOf(reversePath);
        if (domain is null || !_signers.TryGetValue(domain, out var signers))
        {
            return null;
        }

        message.Prepare(EncodingConstraint.SevenBit);
        var headers = _headers.Where(h => message.Headers.Contains(h)).ToList();
        foreach (var signer in signers)
        {
            signer.Sign(message, headers);
        }

        return domain;
    }

    /// <summary>Loads a key and makes its signer; null with <paramref name="error"/> when the key is unusable.</summary>
    internal static DkimSigner? TryCreateSigner(string domain, DkimDomainOptions key, out string? error)
    {
        error = null;
        if (!File.Exists(key.KeyFile))
        {
            error = $"'{key.KeyFile}' does not exist.";
            return null;
        }

        try
        {
            var privateKey = LoadPrivateKey(key.KeyFile);
            var algorithm = (key.Algorithm, privateKey) switch
            {
                (DkimAlgorithm.RsaSha256, RsaKeyParameters { IsPrivate: true }) => DkimSignatureAlgorithm.RsaSha256,
                (DkimAlgorithm.Ed25519Sha256, Ed25519PrivateKeyParameters) => DkimSignatureAlgorithm.Ed25519Sha256,
                _ => (DkimSignatureAlgorithm?)null,
            };
            if (algorithm is null)
            {
                error = $"'{key.KeyFile}' is not a {key.Algorithm} private key.";
                return null;
            }

            return new DkimSigner(privateKey!, domain, key.Selector, algorithm.Value)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException or UnauthorizedAccessException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException)
        {
            error = $"'{key.KeyFile}' could not be loaded: {ex.Message}";
            return null;
        }
    }

    /// <summary>PKCS#8 "PRIVATE KEY" (RSA or Ed25519) or PKCS#1 "RSA PRIVATE KEY" PEM.</summary>
    private static AsymmetricKeyParameter? LoadPrivateKey(string path)
    {
        using var reader = new StreamReader(path);
        return new PemReader(reader).ReadObject() switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } single => single,
            _ => null,
        };
    }

    private static string? DomainOf(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        return at > 0 && at < address!.Length - 1 ? address[(at + 1)..].ToLowerInvariant() : null;
    }
}
