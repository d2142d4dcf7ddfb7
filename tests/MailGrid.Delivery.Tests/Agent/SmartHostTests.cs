using System.Net;
using MailGrid.Delivery.Tls;
using MailGrid.Messages;

namespace MailGrid.Delivery.Tests.Agent;

public sealed class SmartHostTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task The_smart_host_overrides_mx_and_gets_auth_inside_tls()
    {
        using var certificate = TestCertificate.Create("relay.test");
        var relay = _world.Sink("127.0.0.8");
        relay.TlsCertificate = certificate;
        relay.Credentials = new NetworkCredential("mailgrid", "s3cret");
        var mx = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");
        _world.Routing.SmartHost = $"127.0.0.8:{_world.SmtpPort}";
        _world.Routing.SmartHostUserName = "mailgrid";
        _world.Routing.SmartHostPassword = "s3cret";

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        var received = Assert.Single(relay.Messages);
        Assert.Equal("mailgrid", received.AuthenticatedUser);
        Assert.True(received.Tls);
        Assert.Equal(0, mx.ConnectionCount);
        Assert.Equal(0, _world.Dns.Queries);
    }

    [Fact]
    public async Task Wrong_credentials_defer_instead_of_sending_unauthenticated()
    {
        var relay = _world.Sink("127.0.0.8");
        relay.Credentials = new NetworkCredential("mailgrid", "right");
        _world.Routing.SmartHost = $"127.0.0.8:{_world.SmtpPort}";
        _world.Routing.SmartHostUserName = "mailgrid";
        _world.Routing.SmartHostPassword = "wrong";
        _world.Routing.SmartHostTls = TlsPolicy.None;

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        var result = Assert.Single(attempt.Results);
        Assert.Equal(RecipientState.Deferred, result.State);
        Assert.Contains("535 5.7.8 Authentication", result.Detail, StringComparison.Ordinal);
        Assert.Empty(relay.Messages);
    }

    [Fact]
    public async Task Credentials_require_tls_by_default()
    {
        var relay = _world.Sink("127.0.0.8");
        relay.Credentials = new NetworkCredential("mailgrid", "s3cret");
        _world.Routing.SmartHost = $"127.0.0.8:{_world.SmtpPort}";
        _world.Routing.SmartHostUserName = "mailgrid";
        _world.Routing.SmartHostPassword = "s3cret";

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.StartsWith("451 4.7.4 TLS is required", Assert.Single(attempt.Results).Detail, StringComparison.Ordinal);
        Assert.Empty(relay.Messages);
    }

    private async Task<DeliveryRequest> Request() => new("m-1", await _world.StoreMessageAsync(), "alice@sender.test", ["bob@remote.test"]);
}
