using MailGrid.Delivery.Dkim;
using MailGrid.Delivery.Tests.Dkim;
using MimeKit;
using MimeKit.Cryptography;

namespace MailGrid.Delivery.Tests.Agent;

public sealed class DkimOnTheWireTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task The_message_the_receiver_gets_carries_a_valid_signature_for_the_sender_domain()
    {
        var key = DkimTestKey.Ed25519(_world.Directory);
        _world.Dkim.Domains["sender.test"] = [new DkimDomainOptions { Selector = "mg1", KeyFile = key.KeyFile, Algorithm = key.Algorithm }];
        var sink = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");
        var request = new DeliveryRequest("m-1", await _world.StoreMessageAsync(), "alice@sender.test", ["bob@remote.test"]);

        var attempt = await _world.Agent().DeliverAsync("remote.test", request, CancellationToken.None);

        Assert.Equal("sender.test", attempt.DkimDomain);
        var received = Assert.Single(sink.Messages).ToMimeMessage();
        var signature = Assert.Single(received.Headers, h => h.Id == HeaderId.DkimSignature);
        var verifier = new DkimVerifier(new TxtRecordKeyLocator(new Dictionary<string, string> { ["mg1._domainkey.sender.test"] = key.TxtRecord }));
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);
        Assert.True(await verifier.VerifyAsync(received, signature));
    }
}
