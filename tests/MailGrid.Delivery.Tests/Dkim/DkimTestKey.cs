using System.Security.Cryptography;
using MailGrid.Delivery.Dkim;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace MailGrid.Delivery.Tests.Dkim;

/// <summary>A freshly generated DKIM key pair: the PEM private key on disk and the DNS TXT record of its public key.</summary>
public sealed record DkimTestKey(string KeyFile, string TxtRecord, DkimAlgorithm Algorithm)
{
    public static DkimTestKey Rsa(string directory)
    {
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(directory, "rsa.pem");
        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        return new DkimTestKey(path, $"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}", DkimAlgorithm.RsaSha256);
    }

    public static DkimTestKey Ed25519(string directory)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var path = Path.Combine(directory, "ed25519.pem");
        using (var writer = new StreamWriter(path))
        {
            // PKCS#8 "PRIVATE KEY", as `openssl genpkey -algorithm ed25519` writes it.
            new PemWriter(writer).WriteObject(new Pkcs8Generator(pair.Private));
        }

        var publicKey = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        return new DkimTestKey(path, $"v=DKIM1; k=ed25519; p={Convert.ToBase64String(publicKey)}", DkimAlgorithm.Ed25519Sha256);
    }
}
