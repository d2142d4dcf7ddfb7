using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailGrid.Delivery.Tests.Dkim;

/// <summary>Answers DKIM key lookups from TXT records held in memory (keyed "selector._domainkey.domain"), parsed as from DNS.</summary>
public sealed class TxtRecordKeyLocator(IReadOnlyDictionary<string, string> records) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        => GetPublicKey(records[$"{selector}._domainkey.{domain}"]);

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        => Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
