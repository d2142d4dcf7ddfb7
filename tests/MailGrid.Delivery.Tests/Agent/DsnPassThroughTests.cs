using MailGrid.Messages;
using MailGrid.Queues;

namespace MailGrid.Delivery.Tests.Agent;

public sealed class DsnPassThroughTests : IAsyncDisposable
{
    private readonly DeliveryAgentFixture _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Notify_orcpt_ret_and_envid_go_to_a_server_that_advertises_dsn()
    {
        var sink = _world.Sink("127.0.0.2");
        sink.AdvertiseDsn = true;
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.True(attempt.NextHopSupportsDsn);
        Assert.All(attempt.Results, r => Assert.Equal(RecipientState.Delivered, r.State));
        var received = Assert.Single(sink.Messages);
        Assert.Contains("RET=HDRS", received.MailParameters, StringComparison.Ordinal);
        Assert.Contains("ENVID=env-77", received.MailParameters, StringComparison.Ordinal);
        Assert.Equal(["bob@remote.test", "carol@remote.test", "dave@remote.test"], received.Recipients);
        Assert.Contains("NOTIFY=SUCCESS,FAILURE", received.RecipientParameters[0], StringComparison.Ordinal);
        Assert.Contains("ORCPT=rfc822;bob@remote.test", received.RecipientParameters[0], StringComparison.Ordinal);
        Assert.Contains("NOTIFY=NEVER", received.RecipientParameters[1], StringComparison.Ordinal);
        Assert.DoesNotContain("NOTIFY", received.RecipientParameters[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_dsn_parameters_go_to_a_server_without_dsn()
    {
        var sink = _world.Sink("127.0.0.2");
        _world.Dns.Mx("remote.test", 10, "mx.remote.test").A("mx.remote.test", "127.0.0.2");

        var attempt = await _world.Agent().DeliverAsync("remote.test", await Request(), CancellationToken.None);

        Assert.False(attempt.NextHopSupportsDsn);
        var received = Assert.Single(sink.Messages);
        Assert.Equal(string.Empty, received.MailParameters.Replace("BODY=7BIT", "", StringComparison.Ordinal).Trim());
        Assert.All(received.RecipientParameters, p => Assert.Equal(string.Empty, p));
    }

    [Fact]
    public void A_request_for_an_envelope_carries_its_dsn_parameters()
    {
        var envelope = new MessageEnvelope
        {
            MessageId = "m-2",
            ReversePath = "alice@sender.test",
            BlobKey = "blob-2",
            Size = 100,
            ArrivedAt = DateTimeOffset.UnixEpoch,
            DsnReturn = "FULL",
            DsnEnvelopeId = "env-9",
            Recipients =
            [
                new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "SUCCESS", DsnOriginalRecipient = "rfc822;bob@remote.test" },
                new EnvelopeRecipient { Address = "carol@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test" },
                new EnvelopeRecipient { Address = "eve@other.test", Route = RecipientRouteKind.Remote, Target = "other.test", DsnNotify = "NEVER" },
            ],
        };

        var request = DeliveryRequest.For(envelope, ["bob@remote.test", "carol@remote.test"]);

        Assert.Equal(("m-2", "blob-2", "alice@sender.test", "FULL", "env-9"), (request.MessageId, request.BlobKey, request.ReversePath, request.DsnReturn, request.DsnEnvelopeId));
        Assert.Equal(["bob@remote.test", "carol@remote.test"], request.Recipients);
        var only = Assert.Single(request.DsnRecipients!);
        Assert.Equal(("bob@remote.test", new DsnRecipientParameters("SUCCESS", "rfc822;bob@remote.test")), (only.Key, only.Value));
    }

    [Fact]
    public void A_request_for_a_queue_entry_carries_the_dsn_parameters_of_its_remaining_recipients()
    {
        var entry = new QueueEntry
        {
            MessageId = "m-3",
            BlobKey = "blob-3",
            ReversePath = "alice@sender.test",
            Recipients = ["bob@remote.test"],
            ArrivedAt = DateTimeOffset.UnixEpoch,
            DueAt = DateTimeOffset.UnixEpoch,
            DsnReturn = "HDRS",
            DsnEnvelopeId = "env-3",
            DsnRecipients =
            [
                new EnvelopeRecipient { Address = "Bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "FAILURE" },
                new EnvelopeRecipient { Address = "carol@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "NEVER" },
            ],
        };

        var request = DeliveryRequest.For(entry);

        Assert.NotNull(request);
        Assert.Equal(("m-3", "blob-3", "alice@sender.test", "HDRS", "env-3"), (request.MessageId, request.BlobKey, request.ReversePath, request.DsnReturn, request.DsnEnvelopeId));
        Assert.Equal(["bob@remote.test"], request.Recipients);
        Assert.Equal(new DsnRecipientParameters("FAILURE", null), Assert.Single(request.DsnRecipients!).Value);
        Assert.Null(DeliveryRequest.For(entry with { DsnRecipients = null })); // queued before entries carried them: read the record
        Assert.Null(DeliveryRequest.For(entry with { DsnRecipients = [] })!.DsnRecipients);
    }

    private async Task<DeliveryRequest> Request() => new("m-1", await _world.StoreMessageAsync(), "alice@sender.test", ["bob@remote.test", "carol@remote.test", "dave@remote.test"])
    {
        DsnReturn = "HDRS",
        DsnEnvelopeId = "env-77",
        DsnRecipients = new Dictionary<string, DsnRecipientParameters>(StringComparer.OrdinalIgnoreCase)
        {
            ["bob@remote.test"] = new("SUCCESS,FAILURE", "rfc822;bob@remote.test"),
            ["carol@remote.test"] = new("NEVER", null),
        },
    };
}
