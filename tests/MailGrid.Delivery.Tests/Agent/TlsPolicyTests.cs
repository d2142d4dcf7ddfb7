using MailGrid.Delivery.Tls;
using MailGrid.Messages;

namespace MailGrid.Delivery.Tests.Agent;

public sealed class TlsPolicyTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Opportunistic_tls_is_the_default_and_uses_starttls_when_offered()
    {
        using var certificate = TestCertificate.Create();
        var sink = _world.Sink("127.0.0.2");
        sink.TlsCertificate = certificate;
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        Assert.True(attempt.Tls);
        Assert.True(Assert.Single(sink.Messages).Tls);
    }

    [Fact]
    public async Task Opportunistic_tls_sends_in_plaintext_when_starttls_is_not_offered()
    {
        var sink = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.False(attempt.Tls);
        Assert.False(Assert.Single(sink.Messages).Tls);
    }

    [Fact]
    public async Task Required_tls_skips_servers_without_starttls()
    {
        using var certificate = TestCertificate.Create();
        var plain = _world.Sink("127.0.0.2");
        var secure = _world.Sink("127.0.0.3");
        secure.TlsCertificate = certificate;
        _world.Dns.Mx("remote.test", 10, "plain.remote.test").Mx("remote.test", 20, "secure.remote.test")
            .A("plain.remote.test", "127.0.0.2").A("secure.remote.test", "127.0.0.3");
        _world.Tls.Domains[".test"] = TlsPolicy.Required;

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        Assert.Contains("4.7.4 TLS is required", Assert.Single(attempt.SkippedHops), StringComparison.Ordinal);
        Assert.Empty(plain.Messages);
        Assert.True(Assert.Single(secure.Messages).Tls);
    }

    [Fact]
    public async Task Required_tls_defers_when_no_server_offers_it()
    {
        var plain = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 10, "plain.remote.test").A("plain.remote.test", "127.0.0.2");
        _world.Tls.Default = TlsPolicy.Required;

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        var result = Assert.Single(attempt.Results);
        Assert.Equal(RecipientState.Deferred, result.State);
        Assert.StartsWith("451 4.7.4 ", result.Detail, StringComparison.Ordinal);
        Assert.Empty(plain.Messages);
    }

    [Fact]
    public async Task Tls_none_for_a_domain_never_starts_tls()
    {
        using var certificate = TestCertificate.Create();
        var sink = _world.Sink("127.0.0.2");
        sink.TlsCertificate = certificate;
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");
        _world.Tls.Default = TlsPolicy.Required;
        _world.Tls.Domains["remote.test"] = TlsPolicy.None;

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.False(attempt.Tls);
        Assert.False(Assert.Single(sink.Messages).Tls);
    }

    private async Task<DeliveryRequest> Request() => new("m-1", await _world.StoreMessageAsync(), "alice@sender.test", ["bob@remote.test"]);
}
