using System.Text;
using MailGrid.Dsn;
using MailGrid.Messages;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Utils;

namespace MailGrid.Delivery.Tests.Dsn;

public sealed class DsnBuilderTests
{
    private static readonly DateTimeOffset ArrivedAt = new(2026, 11, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = ArrivedAt.AddHours(5);

    private const string Original =
        "From: Alice <alice@sender.test>\r\nTo: bob@remote.test, carol@remote.test\r\nSubject: Quarterly numbers\r\n" +
        "Message-ID: <orig-1@sender.test>\r\nDate: Mon, 02 Nov 2026 08:29:00 +0000\r\n\r\nThe numbers are in.\r\n";

    private readonly DsnBuilder _builder = new(
        Options.Create(new DsnOptions { ReportingMta = "mx.mailgrid.test" }),
        new FakeTimeProvider(Now));

    [Fact]
    public async Task Failure_with_ret_full_returns_the_whole_message_and_every_field()
    {
        var envelope = Envelope(ret: "FULL", envid: "ENV-42");
        var dsn = await BuildAndParseAsync(envelope,
        [
            new DsnRecipientReport
            {
                FinalRecipient = "bob@remote.test",
                OriginalRecipient = "rfc822;Bob@Remote.test",
                Action = DsnAction.Failed,
                Reply = "550 5.1.1 <bob@remote.test>: Recipient address rejected",
                RemoteMta = "mx1.remote.test",
                LastAttemptDate = Now,
            },
        ]);

        Assert.Equal("MAILER-DAEMON@mx.mailgrid.test", Assert.Single(dsn.From.Mailboxes).Address);
        Assert.Equal("alice@sender.test", Assert.Single(dsn.To.Mailboxes).Address);
        Assert.Equal("Undelivered Mail Returned to Sender", dsn.Subject);
        Assert.Equal("auto-replied", dsn.Headers["Auto-Submitted"]);
        Assert.Equal("orig-1@sender.test", dsn.InReplyTo);
        Assert.Equal(Now, dsn.Date);

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal("delivery-status", report.ContentType.Parameters["report-type"]);
        Assert.Equal(3, report.Count);

        var human = Assert.IsType<TextPart>(report[0]);
        Assert.True(human.IsPlain);
        Assert.Contains("<bob@remote.test> could not be delivered", human.Text ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("550 5.1.1", human.Text ?? string.Empty, StringComparison.Ordinal);

        var groups = Groups(report[1]);
        Assert.Equal(2, groups.Count);
        var perMessage = groups[0];
        Assert.Equal("ENV-42", perMessage["Original-Envelope-Id"]);
        Assert.Equal("dns; mx.mailgrid.test", perMessage["Reporting-MTA"]);
        Assert.Equal("dns; client.sender.test", perMessage["Received-From-MTA"]);
        Assert.Equal(ArrivedAt, ParseDate(perMessage["Arrival-Date"]));

        var recipient = groups[1];
        Assert.Equal("rfc822;Bob@Remote.test", recipient["Original-Recipient"]);
        Assert.Equal("rfc822;bob@remote.test", recipient["Final-Recipient"]);
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Equal("dns; mx1.remote.test", recipient["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <bob@remote.test>: Recipient address rejected", recipient["Diagnostic-Code"]);
        Assert.Equal(Now, ParseDate(recipient["Last-Attempt-Date"]));
        Assert.Null(recipient["Will-Retry-Until"]);

        var returned = Assert.IsType<MessagePart>(report[2]);
        Assert.Equal("message/rfc822", returned.ContentType.MimeType);
        Assert.Equal("Quarterly numbers", returned.Message?.Subject);
        Assert.Equal("The numbers are in.", returned.Message?.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task Failure_with_ret_hdrs_returns_only_the_headers()
    {
        var dsn = await BuildAndParseAsync(Envelope(ret: "HDRS"), [Failed("bob@remote.test", "554 5.7.1 Spam")]);

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        var headers = Assert.IsType<TextRfc822Headers>(report[2]);
        Assert.Equal("text/rfc822-headers", headers.ContentType.MimeType);
        Assert.Equal("Quarterly numbers", headers.Message?.Headers[HeaderId.Subject]);
        Assert.Equal("<orig-1@sender.test>", headers.Message?.Headers[HeaderId.MessageId]);
        Assert.DoesNotContain("The numbers are in.", Encoding.UTF8.GetString(Serialize(dsn)), StringComparison.Ordinal);
        var groups = Groups(report[1]);
        Assert.Null(groups[0]["Original-Envelope-Id"]);
        Assert.Null(groups[1]["Original-Recipient"]);
    }

    [Fact]
    public async Task Failure_without_ret_returns_the_whole_message_unless_it_is_too_big()
    {
        var small = await BuildAndParseAsync(Envelope(ret: null), [Failed("bob@remote.test", "550 5.1.1 No")]);
        var big = await BuildAndParseAsync(Envelope(ret: null) with { Size = 60_000 }, [Failed("bob@remote.test", "550 5.1.1 No")]);

        Assert.IsType<MessagePart>(Assert.IsType<MultipartReport>(small.Body)[2]);
        Assert.IsType<TextRfc822Headers>(Assert.IsType<MultipartReport>(big.Body)[2]);
    }

    [Fact]
    public async Task Delay_reports_delayed_with_will_retry_until_and_only_headers()
    {
        var until = ArrivedAt.AddDays(5);
        var dsn = await BuildAndParseAsync(Envelope(ret: "FULL"),
        [
            new DsnRecipientReport
            {
                FinalRecipient = "carol@remote.test",
                Action = DsnAction.Delayed,
                Reply = "451 4.3.0 Mailbox busy",
                RemoteMta = "mx2.remote.test",
                LastAttemptDate = Now,
                WillRetryUntil = until,
            },
        ]);

        Assert.Equal("Delayed Mail (still being retried)", dsn.Subject);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        var group = Groups(report[1])[1];
        Assert.Equal("delayed", group["Action"]);
        Assert.Equal("4.3.0", group["Status"]);
        Assert.Equal("smtp; 451 4.3.0 Mailbox busy", group["Diagnostic-Code"]);
        Assert.Equal(until, ParseDate(group["Will-Retry-Until"]));
        Assert.IsType<TextRfc822Headers>(report[2]);
        Assert.Contains("will be retried until", Assert.IsType<TextPart>(report[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_reports_delivered_and_relayed_recipients_in_one_report()
    {
        var dsn = await BuildAndParseAsync(Envelope(ret: "FULL"),
        [
            new DsnRecipientReport { FinalRecipient = "bob@remote.test", Action = DsnAction.Relayed, Reply = "250 2.0.0 Ok: queued as 1234", RemoteMta = "mx1.remote.test", LastAttemptDate = Now },
            new DsnRecipientReport { FinalRecipient = "me@local.test", Action = DsnAction.Delivered, Reply = "mailbox uid 7", LastAttemptDate = Now },
        ]);

        Assert.Equal("Successful Mail Delivery Report", dsn.Subject);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        var groups = Groups(report[1]);
        Assert.Equal(3, groups.Count);
        Assert.Equal(("relayed", "2.0.0", "smtp; 250 2.0.0 Ok: queued as 1234"), (groups[1]["Action"], groups[1]["Status"], groups[1]["Diagnostic-Code"]));
        Assert.Equal(("delivered", "2.0.0", null), (groups[2]["Action"], groups[2]["Status"], groups[2]["Diagnostic-Code"]));
        Assert.Null(groups[2]["Remote-MTA"]);
        Assert.IsType<TextRfc822Headers>(report[2]);
    }

    [Fact]
    public async Task A_message_from_the_null_sender_gets_no_dsn()
    {
        using var original = new MemoryStream(Encoding.ASCII.GetBytes(Original));

        var dsn = await _builder.BuildAsync(Envelope(ret: "FULL") with { ReversePath = "" }, [Failed("bob@remote.test", "550 5.1.1 No")], original, CancellationToken.None);

        Assert.Null(dsn);
    }

    private static DsnRecipientReport Failed(string address, string reply) => new() { FinalRecipient = address, Action = DsnAction.Failed, Reply = reply, LastAttemptDate = Now };

    private static MessageEnvelope Envelope(string? ret, string? envid = null) => new()
    {
        MessageId = "0193-test",
        ReversePath = "alice@sender.test",
        Recipients =
        [
            new EnvelopeRecipient { Address = "bob@remote.test", Route = RecipientRouteKind.Remote, Target = "remote.test", DsnOriginalRecipient = "rfc822;Bob@Remote.test" },
        ],
        BlobKey = "blob",
        Size = Original.Length,
        ArrivedAt = ArrivedAt,
        ClientHelo = "client.sender.test",
        DsnReturn = ret,
        DsnEnvelopeId = envid,
    };

    private async Task<MimeMessage> BuildAndParseAsync(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> recipients)
    {
        using var original = new MemoryStream(Encoding.ASCII.GetBytes(Original));
        var dsn = await _builder.BuildAsync(envelope, recipients, original, CancellationToken.None);
        Assert.NotNull(dsn);

        // Assert on what a receiver parses, not on the objects built.
        using var wire = new MemoryStream(Serialize(dsn));
        return await MimeMessage.LoadAsync(wire);
    }

    /// <summary>The status groups as parsed; MimeKit's parser yields an empty group for the blank line closing the last one.</summary>
    private static List<HeaderList> Groups(MimeEntity part)
        => [.. Assert.IsType<MessageDeliveryStatus>(part).StatusGroups.Where(g => g.Count > 0)];

    private static byte[] Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static DateTimeOffset ParseDate(string? value)
    {
        Assert.NotNull(value);
        Assert.True(DateUtils.TryParse(value, out var date), $"'{value}' is not an RFC 5322 date");
        return date;
    }
}
