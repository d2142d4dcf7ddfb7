using System.Reflection;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Messages;
using MailGrid.Smtp;

namespace MailGrid.Grains.Tests.Handoff;

/// <summary>
/// DSN (RFC 3461), SMTPUTF8 and AUTH details travel from the SMTP transaction into the durable message record,
/// for the delivery side to act on.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class EnvelopeParameterTests(SharedClusterFixture fixture) : IDisposable
{
    private readonly HandoffServices _handoff = new(fixture.Cluster);

    public void Dispose() => _handoff.Dispose();

    [Fact]
    public async Task Dsn_smtputf8_and_auth_parameters_are_stored_with_the_envelope()
    {
        var session = HandoffServices.Session("alice@example.com");
        var transaction = HandoffServices.Transaction("alice@example.com", new Dictionary<string, string>
        {
            ["BODY"] = "8bitmime",
            ["RET"] = "hdrs",
            ["ENVID"] = "QQ314159+env",
            ["SMTPUTF8"] = "",
        });
        var remote = TestMessages.SinkDomain("dsn");
        await AddRecipientAsync(session, transaction, $"friend@{remote}", new() { ["NOTIFY"] = "success,failure", ["ORCPT"] = $"rfc822;Friend@{remote}" });
        await AddRecipientAsync(session, transaction, "alice@example.com", []);

        var reply = await SendBodyAsync(session, transaction, "Subject: dsn\r\n\r\nbody\r\n"u8.ToArray());

        Assert.Equal(250, reply.Code);
        var id = reply.Text["Ok: queued as ".Length..];
        var record = await fixture.Cluster.Client.GetGrain<IMessageGrain>(id).GetRecordAsync();
        Assert.NotNull(record);
        var envelope = record.Envelope;
        Assert.Equal(("8BITMIME", "HDRS", "QQ314159+env", true, "alice@example.com"), (envelope.BodyType, envelope.DsnReturn, envelope.DsnEnvelopeId, envelope.SmtpUtf8, envelope.AuthenticatedUser));
        var friend = Assert.Single(envelope.Recipients, r => r.Route == RecipientRouteKind.Remote);
        Assert.Equal(("SUCCESS,FAILURE", $"rfc822;Friend@{remote}"), (friend.DsnNotify, friend.DsnOriginalRecipient));
        var local = Assert.Single(envelope.Recipients, r => r.Route == RecipientRouteKind.Mailbox);
        Assert.Equal((null, null), (local.DsnNotify, local.DsnOriginalRecipient));
    }

    [Fact]
    public async Task Message_without_parameters_has_no_dsn_fields()
    {
        var session = HandoffServices.Session(trusted: true);
        var transaction = HandoffServices.Transaction("someone@elsewhere.test");
        await AddRecipientAsync(session, transaction, "alice@example.com", []);

        var reply = await SendBodyAsync(session, transaction, "Subject: plain\r\n\r\nbody\r\n"u8.ToArray());

        var record = await fixture.Cluster.Client.GetGrain<IMessageGrain>(reply.Text["Ok: queued as ".Length..]).GetRecordAsync();
        Assert.NotNull(record);
        Assert.Equal((null, null, null, false, null), (record.Envelope.BodyType, record.Envelope.DsnReturn, record.Envelope.DsnEnvelopeId, record.Envelope.SmtpUtf8, record.Envelope.AuthenticatedUser));
    }

    private async Task AddRecipientAsync(SmtpSessionInfo session, SmtpTransaction transaction, string address, Dictionary<string, string> parameters)
    {
        var decision = await _handoff.Handler.CheckRecipientAsync(session, transaction, address, parameters, CancellationToken.None);
        Assert.Equal(250, decision.Response.Code);

        // The engine adds accepted recipients (an internal step); done here the same way until AUTH/DSN run over sockets.
        typeof(SmtpTransaction).GetMethod("AddRecipient", BindingFlags.NonPublic | BindingFlags.Instance)!
            .Invoke(transaction, [new SmtpRecipient(address, parameters, decision.HandlerState)]);
    }

    private async Task<SmtpResponse> SendBodyAsync(SmtpSessionInfo session, SmtpTransaction transaction, byte[] body)
    {
        await using var writer = await _handoff.Handler.BeginMessageAsync(session, transaction, CancellationToken.None);
        await writer.Body.WriteAsync(body);
        return await writer.CommitAsync(body.Length, CancellationToken.None);
    }
}
