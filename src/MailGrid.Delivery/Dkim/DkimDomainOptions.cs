namespace MailGrid.Delivery.Dkim;

/// <summary>One DKIM key of a sender domain.</summary>
public sealed class DkimDomainOptions
{
    /// <summary>The selector (s=); the public key is published at <c>selector._domainkey.domain</c>. Required.</summary>
    public string Selector { get; set; } = "";

    /// <summary>Path of the private key in PEM (PKCS#8 "PRIVATE KEY", or PKCS#1 "RSA PRIVATE KEY"). Required.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Default <see cref="DkimAlgorithm.RsaSha256"/>.</summary>
    public DkimAlgorithm Algorithm { get; set; } = DkimAlgorithm.RsaSha256;
}
