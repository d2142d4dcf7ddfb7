namespace MailGrid.Delivery.Dkim;

/// <summary>DKIM signature algorithms offered for signing (both supported by MimeKit's DkimSigner).</summary>
public enum DkimAlgorithm
{
    /// <summary>rsa-sha256 (RFC 6376); keys of 1024 bits or more, 2048 recommended.</summary>
    RsaSha256 = 0,

    /// <summary>ed25519-sha256 (RFC 8463); receivers that do not know it treat the signature as absent, so pair it with RSA.</summary>
    Ed25519Sha256 = 1,
}
