using MailGrid.Dsn;
using MailGrid.Messages;
using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tests.Dsn;

public sealed class DsnPolicyTests
{
    [Theory]
    [InlineData(null, DsnRecipientEvent.Failed, DsnAction.Failed)]
    [InlineData(null, DsnRecipientEvent.Delayed, DsnAction.Delayed)]
    [InlineData(null, DsnRecipientEvent.DeliveredLocally, null)]
    [InlineData(null, DsnRecipientEvent.RelayedToNonDsnServer, null)]
    [InlineData("FAILURE", DsnRecipientEvent.Failed, DsnAction.Failed)]
    [InlineData("FAILURE", DsnRecipientEvent.Delayed, null)]
    [InlineData("SUCCESS", DsnRecipientEvent.Failed, null)]
    [InlineData("SUCCESS", DsnRecipientEvent.DeliveredLocally, DsnAction.Delivered)]
    [InlineData("SUCCESS,FAILURE", DsnRecipientEvent.RelayedToNonDsnServer, DsnAction.Relayed)]
    [InlineData("SUCCESS,FAILURE,DELAY", DsnRecipientEvent.RelayedToDsnServer, null)]
    [InlineData("DELAY", DsnRecipientEvent.Delayed, DsnAction.Delayed)]
    [InlineData("NEVER", DsnRecipientEvent.Failed, null)]
    [InlineData("NEVER", DsnRecipientEvent.Delayed, null)]
    public void Notify_decides_which_events_are_reported(string? notify, DsnRecipientEvent recipientEvent, DsnAction? expected)
    {
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = notify };

        Assert.Equal(expected, DsnPolicy.Decide(Envelope("alice@sender.test", recipient), recipient, recipientEvent));
    }

    [Theory]
    [InlineData(DsnRecipientEvent.Failed)]
    [InlineData(DsnRecipientEvent.Delayed)]
    [InlineData(DsnRecipientEvent.DeliveredLocally)]
    public void The_null_sender_never_gets_a_dsn(DsnRecipientEvent recipientEvent)
    {
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "SUCCESS,FAILURE,DELAY" };

        Assert.Null(DsnPolicy.Decide(Envelope("", recipient), recipient, recipientEvent));
    }

    [Fact]
    public void A_delay_notice_is_due_once_after_the_threshold()
    {
        var policy = new DsnPolicy(Options.Create(new DsnOptions { DelayNotificationAfter = TimeSpan.FromHours(4) }));
        var arrived = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

        Assert.False(policy.IsDelayNoticeDue(arrived, arrived.AddHours(3.9), delayNoticeSent: false));
        Assert.True(policy.IsDelayNoticeDue(arrived, arrived.AddHours(4), delayNoticeSent: false));
        Assert.False(policy.IsDelayNoticeDue(arrived, arrived.AddHours(5), delayNoticeSent: true));
    }

    [Fact]
    public void Reports_cover_only_the_recipients_that_asked_with_their_orcpt()
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var envelope = Envelope("alice@sender.test",
            new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnOriginalRecipient = "rfc822;bob@old.test" },
            new EnvelopeRecipient { Address = "carol@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "NEVER" },
            new EnvelopeRecipient { Address = "dave@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnNotify = "DELAY" });

        var reports = DsnPolicy.Reports(envelope,
        [
            new DsnRecipientOutcome("bob@remote.test", DsnRecipientEvent.Failed, "550 5.1.1 No", "mx.remote.test", at),
            new DsnRecipientOutcome("carol@remote.test", DsnRecipientEvent.Failed, "550 5.1.1 No", "mx.remote.test", at),
            new DsnRecipientOutcome("dave@remote.test", DsnRecipientEvent.Delayed, "451 4.3.0 Later", "mx.remote.test", at),
        ], expiresAt: at.AddDays(5));

        Assert.Equal(2, reports.Count);
        Assert.Equal(("bob@remote.test", "rfc822;bob@old.test", DsnAction.Failed, (DateTimeOffset?)null), (reports[0].FinalRecipient, reports[0].OriginalRecipient, reports[0].Action, reports[0].WillRetryUntil));
        Assert.Equal(("dave@remote.test", DsnAction.Delayed, (DateTimeOffset?)at.AddDays(5)), (reports[1].FinalRecipient, reports[1].Action, reports[1].WillRetryUntil));
        Assert.Equal(at, reports[1].LastAttemptDate);
    }

    private static MessageEnvelope Envelope(string sender, params EnvelopeRecipient[] recipients) => new()
    {
        MessageId = "m",
        ReversePath = sender,
        Recipients = recipients,
        BlobKey = "b",
        Size = 10,
        ArrivedAt = DateTimeOffset.UnixEpoch,
    };
}
