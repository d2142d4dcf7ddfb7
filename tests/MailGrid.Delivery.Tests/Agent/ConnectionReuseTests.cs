using MailGrid.Messages;

namespace MailGrid.Delivery.Tests.Agent;

/// <summary>A session carries consecutive messages over one connection, and replaces a connection that went stale.</summary>
public sealed class ConnectionReuseTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Consecutive_messages_share_one_connection()
    {
        var sink = _world.Sink("127.0.0.6");
        _world.Dns.Mx("reuse.test", 10, "mx.reuse.test").A("mx.reuse.test", "127.0.0.6");
        await using var session = _world.Agent().OpenSession("reuse.test");

        for (var i = 0; i < 5; i++)
        {
            var attempt = await session.DeliverAsync(await RequestAsync($"r{i}@reuse.test"), CancellationToken.None);
            Assert.Equal(RecipientState.Delivered, Assert.Single(attempt.Results).State);
        }

        Assert.Equal(5, sink.Messages.Count);
        Assert.Equal(1, sink.ConnectionCount);
        Assert.Equal(1, session.ConnectionsOpened);
        Assert.Equal(["r0@reuse.test", "r1@reuse.test", "r2@reuse.test", "r3@reuse.test", "r4@reuse.test"], sink.Messages.SelectMany(m => m.Recipients));
    }

    [Fact]
    public async Task A_refusal_ends_the_connection_and_the_next_message_gets_a_new_one()
    {
        var sink = _world.Sink("127.0.0.7");
        sink.RecipientReply = address => address.StartsWith("no", StringComparison.Ordinal) ? "550 5.1.1 No such user" : null;
        _world.Dns.Mx("refuse.test", 10, "mx.refuse.test").A("mx.refuse.test", "127.0.0.7");
        await using var session = _world.Agent().OpenSession("refuse.test");

        var refused = await session.DeliverAsync(await RequestAsync("no@refuse.test"), CancellationToken.None);
        var delivered = await session.DeliverAsync(await RequestAsync("yes@refuse.test"), CancellationToken.None);

        Assert.Equal(RecipientState.Failed, Assert.Single(refused.Results).State);
        Assert.Equal(RecipientState.Delivered, Assert.Single(delivered.Results).State);
        Assert.Equal(2, session.ConnectionsOpened);
    }

    private async Task<DeliveryRequest> RequestAsync(string recipient)
    {
        var key = await _world.StoreMessageAsync(to: recipient);
        return new DeliveryRequest(key, key, "alice@sender.test", [recipient]);
    }
}
