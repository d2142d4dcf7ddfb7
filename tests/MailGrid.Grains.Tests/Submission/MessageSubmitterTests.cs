using System.Text;
using MailGrid.Grains.Tests.Cluster;
using MailGrid.Mailboxes;
using MailGrid.Messages;
using MailGrid.Storage;
using MailGrid.Submission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace MailGrid.Grains.Tests.Submission;

/// <summary>
/// The protocol-neutral handoff over a real cluster client and the silo's blob store, used the way a front end other
/// than SMTP (the HTTP send API) will: resolve, stream the body, commit with the envelope facts it has.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class MessageSubmitterTests : IDisposable
{
    private readonly SharedClusterFixture fixture;
    private readonly ServiceProvider services;

    public MessageSubmitterTests(SharedClusterFixture fixture)
    {
        this.fixture = fixture;

        // Wired as an ingress wires it: the cluster client and the shared blob store.
        services = new ServiceCollection()
            .AddSingleton<IGrainFactory>(fixture.Cluster.Client)
            .AddSingleton(Blobs)
            .AddMailGridSubmission(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
    }

    private MailGridCluster Cluster => fixture.Cluster;

    private IBlobStore Blobs => Cluster.SiloServices.GetRequiredService<IBlobStore>();

    private MessageSubmitter Submitter => services.GetRequiredService<MessageSubmitter>();

    public void Dispose() => services.Dispose();

    [Fact]
    public async Task Recipients_are_routed_locally_remotely_only_with_relay_or_refused_as_unknown()
    {
        var local = await Submitter.ResolveRecipientAsync($"Alice@{MailGridCluster.LocalDomain}", mayRelay: false, new("success,delay", "rfc822;Alice@example.com"), default);
        var unknown = await Submitter.ResolveRecipientAsync($"nobody@{MailGridCluster.LocalDomain}", mayRelay: true, default, default);
        var relayDenied = await Submitter.ResolveRecipientAsync("bob@Remote.Example", mayRelay: false, default, default);
        var relayed = await Submitter.ResolveRecipientAsync("bob@Remote.Example", mayRelay: true, default, default);

        Assert.Equal(
            (RecipientRefusal.None, RecipientRouteKind.Mailbox, $"alice@{MailGridCluster.LocalDomain}", "SUCCESS,DELAY", "rfc822;Alice@example.com"),
            (local.Refusal, local.Recipient!.Route, local.Recipient.Target, local.Recipient.DsnNotify, local.Recipient.DsnOriginalRecipient));
        Assert.Equal((RecipientRefusal.UnknownLocalUser, null), (unknown.Refusal, unknown.Recipient));
        Assert.Equal((RecipientRefusal.RelayDenied, null), (relayDenied.Refusal, relayDenied.Recipient));
        Assert.Equal((RecipientRouteKind.Remote, "remote.example", "bob@Remote.Example"), (relayed.Recipient!.Route, relayed.Recipient.Target, relayed.Recipient.Address));
    }

    [Fact]
    public async Task Committed_message_is_in_the_mailbox_with_its_body_and_envelope_facts()
    {
        var mailbox = $"alice@{MailGridCluster.LocalDomain}";
        var recipient = (await Submitter.ResolveRecipientAsync(mailbox, mayRelay: false, default, default)).Recipient!;
        var body = Encoding.UTF8.GetBytes("Subject: from the API\r\n\r\nstreamed body\r\n");

        MessageEnvelope envelope;
        await using (var upload = await Submitter.BeginAsync(default))
        {
            await upload.Body.WriteAsync(body);
            envelope = await Submitter.CommitAsync(upload, new SubmissionEnvelope
            {
                ReversePath = "api-user@example.com",
                Recipients = [recipient],
                ClientAddress = "192.0.2.7",
                AuthenticatedUser = "api-user@example.com",
                BodyType = "8bitmime",
                DsnReturn = "hdrs",
                SmtpUtf8 = true,
            }, body.Length, default);
            Assert.Equal(upload.MessageId, envelope.MessageId);
        }

        var record = await Cluster.Client.GetGrain<IMessageGrain>(envelope.MessageId).GetRecordAsync();
        Assert.NotNull(record);
        Assert.Equal(
            ("api-user@example.com", "192.0.2.7", "", "api-user@example.com", "8BITMIME", "HDRS", true, (long)body.Length),
            (record.Envelope.ReversePath, record.Envelope.ClientAddress, record.Envelope.ClientHelo, record.Envelope.AuthenticatedUser,
             record.Envelope.BodyType, record.Envelope.DsnReturn, record.Envelope.SmtpUtf8, record.Envelope.Size));
        var entries = await Cluster.Client.GetGrain<IMailboxGrain>(mailbox).ListAsync(0, 10_000);
        Assert.Contains(entries, e => e.MessageId == envelope.MessageId && e.BlobKey == envelope.BlobKey);
        await using var stored = await Blobs.OpenReadAsync(envelope.BlobKey, default);
        Assert.NotNull(stored);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(body, copy.ToArray());
    }

    [Fact]
    public async Task Acceptance_the_grain_refuses_raises_a_typed_failure_and_leaves_the_body_to_the_sweep()
    {
        // A route without a target: the message grain cannot address the mailbox and fails the call.
        var broken = new EnvelopeRecipient { Address = "alice@example.com", Route = RecipientRouteKind.Mailbox, Target = null! };
        string blobKey;
        SubmissionFailedException failure;
        await using (var upload = await Submitter.BeginAsync(default))
        {
            await upload.Body.WriteAsync("Subject: refused\r\n\r\nbody\r\n"u8.ToArray());
            failure = await Assert.ThrowsAsync<SubmissionFailedException>(async () =>
                await Submitter.CommitAsync(upload, new SubmissionEnvelope { ReversePath = "", Recipients = [broken] }, 26, default));
            blobKey = MessageIds.BlobKeyFor(upload.MessageId, upload.ArrivedAt);
            Assert.Equal(upload.MessageId, failure.MessageId);
        }

        Assert.NotNull(failure.InnerException);
        // A failed or timed-out acceptance may have appended the body somewhere already: only the sweep, which checks
        // records and mailbox entries, may remove it.
        await using var left = await Blobs.OpenReadAsync(blobKey, default);
        Assert.NotNull(left);
    }
}
