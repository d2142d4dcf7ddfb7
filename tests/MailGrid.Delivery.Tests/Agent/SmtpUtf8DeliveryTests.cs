using System.Text;
using MailGrid.Delivery.Dkim;
using MailGrid.Delivery.Tests.Dkim;
using MailGrid.Messages;
using MimeKit;
using MimeKit.Cryptography;

namespace MailGrid.Delivery.Tests.Agent;

/// <summary>
/// A message that came with SMTPUTF8 goes on with it even when its envelope is ASCII (a DSN to an ASCII sender, a
/// UTF-8 Subject), and exactly as stored: asking MailKit for SMTPUTF8 must not re-encode its header fields.
/// </summary>
public sealed class SmtpUtf8DeliveryTests : IAsyncDisposable
{
    // Folded, an encoded-word, odd spacing and raw UTF-8: what a UTF-8 re-encoding of the header fields would change.
    private const string Stored =
        "From: =?utf-8?q?J=C3=BCrgen?= <juergen@sender.test>\r\nTo: <bob@remote.test>\r\n" +
        "Subject: Grüße — a subject long enough that the sender folded it somewhere near the end of the\r\n line\r\n" +
        "X-Note:   spaced    out\r\nMessage-ID: <u8-1@sender.test>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain;  charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nSchöne Grüße.\r\n";

    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task An_smtputf8_message_says_smtputf8_and_arrives_byte_for_byte()
    {
        var sink = Sink(advertiseSmtpUtf8: true);

        var attempt = await _world.Agent().DeliverAsync("remote.test", await RequestAsync(smtpUtf8: true), CancellationToken.None);

        Assert.All(attempt.Results, r => Assert.Equal(RecipientState.Delivered, r.State));
        var received = Assert.Single(sink.Messages);
        Assert.Contains("SMTPUTF8", received.MailParameters, StringComparison.Ordinal);
        Assert.Equal(Stored, Encoding.UTF8.GetString(received.Data));
    }

    [Fact]
    public async Task A_dkim_signed_smtputf8_message_says_smtputf8_and_its_signature_holds()
    {
        var key = DkimTestKey.Ed25519(_world.Directory);
        _world.Dkim.Domains["sender.test"] = [new DkimDomainOptions { Selector = "mg1", KeyFile = key.KeyFile, Algorithm = key.Algorithm }];
        var sink = Sink(advertiseSmtpUtf8: true);

        await _world.Agent().DeliverAsync("remote.test", await RequestAsync(smtpUtf8: true), CancellationToken.None);

        var received = Assert.Single(sink.Messages);
        Assert.Contains("SMTPUTF8", received.MailParameters, StringComparison.Ordinal);
        // Signing re-encodes the body to 7 bits (DkimMessageSigner); the header fields it signed go out as they were.
        var header = Stored[..Stored.IndexOf("Content-Type", StringComparison.Ordinal)];
        Assert.Contains(header, Encoding.UTF8.GetString(received.Data), StringComparison.Ordinal);
        var message = received.ToMimeMessage();
        var verifier = new DkimVerifier(new TxtRecordKeyLocator(new Dictionary<string, string> { ["mg1._domainkey.sender.test"] = key.TxtRecord }));
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);
        Assert.True(await verifier.VerifyAsync(message, Assert.Single(message.Headers, h => h.Id == HeaderId.DkimSignature)));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Without_smtputf8_on_both_sides_mail_from_has_none(bool smtpUtf8, bool advertised)
    {
        var sink = Sink(advertised);

        await _world.Agent().DeliverAsync("remote.test", await RequestAsync(smtpUtf8), CancellationToken.None);

        var received = Assert.Single(sink.Messages);
        Assert.DoesNotContain("SMTPUTF8", received.MailParameters, StringComparison.Ordinal);
        Assert.Equal(Stored, Encoding.UTF8.GetString(received.Data));
    }

    private Testing.SmtpSink Sink(bool advertiseSmtpUtf8)
    {
        var sink = _world.Sink("127.0.0.2");
        sink.AdvertiseSmtpUtf8 = advertiseSmtpUtf8;
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");
        return sink;
    }

    private async Task<DeliveryRequest> RequestAsync(bool smtpUtf8)
    {
        var key = $"u8-{Guid.NewGuid():N}";
        await using (var upload = await _world.Blobs.BeginUploadAsync(key, CancellationToken.None))
        {
            await upload.Content.WriteAsync(Encoding.UTF8.GetBytes(Stored));
            await upload.CommitAsync(CancellationToken.None);
        }

        return new DeliveryRequest("m-u8", key, "juergen@sender.test", ["bob@remote.test"]) { SmtpUtf8 = smtpUtf8 };
    }
}
