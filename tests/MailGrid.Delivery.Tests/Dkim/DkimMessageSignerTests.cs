using MailGrid.Delivery.Dkim;
using MailGrid.Testing;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace MailGrid.Delivery.Tests.Dkim;

public sealed class DkimMessageSignerTests : IDisposable
{
    private readonly TempDirectory _keys = TempDirectory.Create();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task Rsa_and_ed25519_signatures_verify_against_the_published_keys()
    {
        var rsa = DkimTestKey.Rsa(_keys.Path);
        var ed = DkimTestKey.Ed25519(_keys.Path);
        var signer = Signer(("sender.test", "rsa2026", rsa), ("sender.test", "ed2026", ed));

        var message = Message("Alice <alice@sender.test>", "Grüße — 8-bit body ünd mehr");
        Assert.Equal("sender.test", signer.Sign(message, "bounces@other.test"));

        // Verify what goes on the wire, re-parsed, as a receiver would.
        var received = Reparse(message);
        var signatures = received.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.Contains(signatures, h => h.Value.Contains("a=rsa-sha256", StringComparison.Ordinal) && h.Value.Contains("s=rsa2026", StringComparison.Ordinal));
        Assert.Contains(signatures, h => h.Value.Contains("a=ed25519-sha256", StringComparison.Ordinal) && h.Value.Contains("s=ed2026", StringComparison.Ordinal));
        Assert.All(signatures, h => Assert.Contains("d=sender.test", h.Value, StringComparison.Ordinal));

        var verifier = new DkimVerifier(new TxtRecordKeyLocator(new Dictionary<string, string>
        {
            ["rsa2026._domainkey.sender.test"] = rsa.TxtRecord,
            ["ed2026._domainkey.sender.test"] = ed.TxtRecord,
        }));
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);
        foreach (var signature in signatures)
        {
            Assert.True(await verifier.VerifyAsync(received, signature), $"signature did not verify: {signature.Value}");
        }

        // A changed body no longer verifies: the check is real.
        received.Body = new TextPart("plain") { Text = "tampered" };
        Assert.False(await verifier.VerifyAsync(Reparse(received), signatures[0]));
    }

    [Fact]
    public void Messages_from_other_domains_are_left_unsigned()
    {
        var signer = Signer(("sender.test", "s1", DkimTestKey.Rsa(_keys.Path)));
        var message = Message("Mallory <m@elsewhere.test>", "hello");

        Assert.Null(signer.Sign(message, "m@elsewhere.test"));
        Assert.False(message.Headers.Contains(HeaderId.DkimSignature));
    }

    [Fact]
    public void The_validator_rejects_missing_and_mismatched_keys()
    {
        var rsa = DkimTestKey.Rsa(_keys.Path);
        var options = new DkimSigningOptions
        {
            Domains =
            {
                ["a.test"] = [new DkimDomainOptions { Selector = "s", KeyFile = Path.Combine(_keys.Path, "missing.pem") }],
                ["b.test"] = [new DkimDomainOptions { Selector = "s", KeyFile = rsa.KeyFile, Algorithm = DkimAlgorithm.Ed25519Sha256 }],
                ["c.test"] = [new DkimDomainOptions { Selector = "s", KeyFile = rsa.KeyFile }],
            },
        };

        var result = new DkimSigningOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("a.test", StringComparison.Ordinal) && f.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("b.test", StringComparison.Ordinal) && f.Contains("not a Ed25519Sha256", StringComparison.Ordinal));
    }

    private static DkimMessageSigner Signer(params (string Domain, string Selector, DkimTestKey Key)[] keys)
    {
        var options = new DkimSigningOptions();
        foreach (var (domain, selector, key) in keys)
        {
            if (!options.Domains.TryGetValue(domain, out var list))
            {
                options.Domains[domain] = list = [];
            }

            list.Add(new DkimDomainOptions { Selector = selector, KeyFile = key.KeyFile, Algorithm = key.Algorithm });
        }

        return new DkimMessageSigner(Options.Create(options));
    }

    private static MimeMessage Message(string from, string text)
    {
        var message = new MimeMessage { Subject = "Signed", Date = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero), MessageId = "m1@sender.test" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("bob@remote.test"));
        message.Body = new TextPart("plain") { Text = text + "\n" };
        return message;
    }

    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default.Clone(), stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }
}
