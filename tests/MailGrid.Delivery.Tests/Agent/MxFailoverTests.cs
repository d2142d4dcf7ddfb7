using System.Net;
using System.Net.Sockets;
using MailGrid.Messages;

namespace MailGrid.Delivery.Tests.Agent;

public sealed class MxFailoverTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task A_4xx_greeting_moves_on_to_the_next_mx_by_preference()
    {
        var primary = _world.Sink("127.0.0.2");
        primary.RejectConnections = true;
        var backup = _world.Sink("127.0.0.3");
        _world.Dns.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 20, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.2").A("mx2.remote.test", "127.0.0.3");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        var result = Assert.Single(attempt.Results);
        Assert.Equal(RecipientState.Delivered, result.State);
        Assert.Equal("127.0.0.3", attempt.Hop?.Host);
        Assert.Equal("mx2.remote.test", attempt.Hop?.MxHost);
        Assert.StartsWith($"127.0.0.2:{_world.SmtpPort}: 421 ", Assert.Single(attempt.SkippedHops), StringComparison.Ordinal);
        Assert.Equal(1, primary.ConnectionCount);
        var received = Assert.Single(backup.Messages);
        Assert.Equal(["bob@remote.test"], received.Recipients);
        Assert.Equal("alice@sender.test", received.Sender);
    }

    [Fact]
    public async Task A_refused_connection_moves_on_to_the_next_mx()
    {
        // Nothing listens on 127.0.0.4: the connection is refused.
        var backup = _world.Sink("127.0.0.5");
        _world.Dns.Mx("remote.test", 10, "down.remote.test").Mx("remote.test", 20, "up.remote.test")
            .A("down.remote.test", "127.0.0.4").A("up.remote.test", "127.0.0.5");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        Assert.Contains("451 4.4.1 Connection to 127.0.0.4", Assert.Single(attempt.SkippedHops), StringComparison.Ordinal);
        Assert.Single(backup.Messages);
    }

    [Fact]
    public async Task A_server_that_never_greets_is_left_after_the_connect_timeout()
    {
        // Accepts TCP connections (the backlog does) but never says a word.
        using var silent = new TcpListener(IPAddress.Parse("127.0.0.4"), _world.SmtpPort);
        silent.Start();
        var backup = _world.Sink("127.0.0.5");
        _world.Dns.Mx("remote.test", 10, "silent.remote.test").Mx("remote.test", 20, "up.remote.test")
            .A("silent.remote.test", "127.0.0.4").A("up.remote.test", "127.0.0.5");

        var attempt = await _world.Agent(connectTimeout: TimeSpan.FromMilliseconds(300)).DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        Assert.Contains("451 4.4.1 Connection to 127.0.0.4", Assert.Single(attempt.SkippedHops), StringComparison.Ordinal);
        Assert.Single(backup.Messages);
    }

    [Fact]
    public async Task When_every_mx_fails_the_recipients_are_deferred()
    {
        var only = _world.Sink("127.0.0.2");
        only.RejectConnections = true;
        _world.Dns.Mx("remote.test", 10, "mx1.remote.test").A("mx1.remote.test", "127.0.0.2").Mx("remote.test", 20, "mx2.remote.test").A("mx2.remote.test", "127.0.0.6");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        var result = Assert.Single(attempt.Results);
        Assert.Equal(RecipientState.Deferred, result.State);
        Assert.StartsWith("451 4.4.1 Connection to 127.0.0.6", result.Detail, StringComparison.Ordinal);
        Assert.Equal(2, attempt.SkippedHops.Count);
    }

    [Fact]
    public async Task Replies_after_the_greeting_decide_without_trying_another_mx()
    {
        var primary = _world.Sink("127.0.0.2");
        primary.RecipientReply = address => address.StartsWith("gone", StringComparison.Ordinal) ? "550 5.1.1 No such user" : address.StartsWith("busy", StringComparison.Ordinal) ? "452 4.2.2 Mailbox full" : null;
        var backup = _world.Sink("127.0.0.3");
        _world.Dns.Mx("remote.test", 10, "mx1.remote.test").Mx("remote.test", 20, "mx2.remote.test")
            .A("mx1.remote.test", "127.0.0.2").A("mx2.remote.test", "127.0.0.3");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request("bob@remote.test", "gone@remote.test", "busy@remote.test"), CancellationToken.None);

        Assert.Equal(
            [("bob@remote.test", RecipientState.Delivered), ("gone@remote.test", RecipientState.Failed), ("busy@remote.test", RecipientState.Deferred)],
            attempt.Results.Select(r => (r.Address, r.State)));
        Assert.Equal("550 5.1.1 No such user", attempt.Results[1].Detail);
        Assert.Equal(0, backup.ConnectionCount);
    }

    [Fact]
    public async Task A_null_mx_fails_at_once_without_connecting()
    {
        var sink = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 0, ".").A("remote.test", "127.0.0.2");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        var result = Assert.Single(attempt.Results);
        Assert.Equal(RecipientState.Failed, result.State);
        Assert.StartsWith("556 5.1.10 ", result.Detail, StringComparison.Ordinal);
        Assert.Null(attempt.Hop);
        Assert.Equal(0, sink.ConnectionCount);
    }

    [Fact]
    public async Task Implicit_mx_delivers_to_the_domains_own_address()
    {
        var sink = _world.Sink("127.0.0.7");
        _world.Dns.A("remote.test", "127.0.0.7");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        Assert.Single(sink.Messages);
    }

    private async Task<DeliveryRequest> Request(params string[] recipients)
        => new("m-1", await _world.StoreMessageAsync(), "alice@sender.test", recipients.Length == 0 ? ["bob@remote.test"] : recipients);
}
