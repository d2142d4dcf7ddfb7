using System.Text;
using MailGrid.Dsn;
using MailGrid.Messages;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace MailGrid.Delivery.Tests.Dsn;

/// <summary>
/// Reports about SMTPUTF8 messages and UTF-8 addresses (RFC 6533), parsed back from their bytes with MimeKit:
/// global types and raw UTF-8 fields for an SMTPUTF8 original, a 7-bit downgraded report for any other.
/// </summary>
public sealed class InternationalDsnBuilderTests
{
    private const string Recipient = "ü-user@empfänger.test";
    private static readonly DateTimeOffset ArrivedAt = new(2026, 11, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = ArrivedAt.AddHours(1);

    private static readonly string Original =
        $"From: Jürgen <jürgen@absender.test>\r\nTo: {Recipient}\r\nSubject: Grüße aus Köln\r\n" +
        "Message-ID: <orig-u8@absender.test>\r\n\r\nHallo, schöne Grüße.\r\n";

    private const string AsciiOriginal = "From: <alice@sender.test>\r\nTo: <bob@remote.test>\r\nSubject: Hello\r\nMessage-ID: <orig-7@sender.test>\r\n\r\nHello.\r\n";

    private readonly DsnBuilder _builder = new(Options.Create(new DsnOptions { ReportingMta = "mx.mailgrid.test" }), new FakeTimeProvider(Now));

    [Fact]
    public async Task An_smtputf8_failure_report_is_global_and_its_fields_are_raw_utf8()
    {
        var (dsn, wire) = await BuildAsync(Envelope(smtpUtf8: true, ret: "FULL"), Failed(Recipient, orcpt: "utf-8;Ü-User@empfänger.test"));

        Assert.Equal("jürgen@absender.test", Assert.Single(dsn.To.Mailboxes).Address);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("global-delivery-status", report.ReportType);
        Assert.Contains(Recipient, Assert.IsType<TextPart>(report[0]).Text, StringComparison.Ordinal);

        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal("message/global-delivery-status", status.ContentType.MimeType);
        var groups = status.StatusGroups.Where(g => g.Count > 0).ToList();
        var perMessage = groups[0];
        var perRecipient = groups[1];
        Assert.Equal("dns; mx.bücher.test", perMessage["Received-From-MTA"]);
        Assert.Equal($"utf-8;{Recipient}", perRecipient["Final-Recipient"]);
        Assert.Equal("utf-8;Ü-User@empfänger.test", perRecipient["Original-Recipient"]);
        Assert.Equal($"smtp; 550 5.1.1 <{Recipient}>: unbekannt", perRecipient["Diagnostic-Code"]);
        Assert.Equal(("failed", "5.1.1"), (perRecipient["Action"], perRecipient["Status"]));

        // What a receiver gets on the wire: the UTF-8 itself in both groups, and not one encoded-word.
        AssertRawUtf8(perMessage["Received-From-MTA"], Raw(perMessage, "Received-From-MTA"));
        foreach (var field in new[] { "Final-Recipient", "Original-Recipient", "Diagnostic-Code" })
        {
            AssertRawUtf8(perRecipient[field], Raw(perRecipient, field));
        }

        var statusBytes = Encoding.UTF8.GetString(ContentOf(status));
        Assert.DoesNotContain("=?", statusBytes, StringComparison.Ordinal);
        Assert.Contains($"Final-Recipient: utf-8;{Recipient}\r\n", statusBytes, StringComparison.Ordinal);
        Assert.DoesNotContain("=?", wire, StringComparison.Ordinal);

        var returned = Assert.IsType<MessagePart>(report[2]);
        Assert.Equal("message/global", returned.ContentType.MimeType);
        Assert.Equal("8bit", returned.Headers[HeaderId.ContentTransferEncoding]);
        Assert.Equal("Grüße aus Köln", returned.Message?.Subject);
        Assert.Contains("Subject: Grüße aus Köln\r\n", wire, StringComparison.Ordinal); // returned byte for byte
    }

    [Fact]
    public async Task An_smtputf8_report_with_headers_only_returns_them_as_global_headers()
    {
        var (dsn, wire) = await BuildAsync(Envelope(smtpUtf8: true, ret: "HDRS"), Failed(Recipient));

        var headers = Assert.IsType<TextRfc822Headers>(Assert.IsType<MultipartReport>(dsn.Body)[2]);
        Assert.Equal("message/global-headers", headers.ContentType.MimeType);
        Assert.Equal("Grüße aus Köln", headers.Message?.Subject);
        Assert.DoesNotContain("schöne", wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_smtputf8_report_about_ascii_addresses_is_global_too()
    {
        var (dsn, _) = await BuildAsync(Envelope(smtpUtf8: true, ret: "FULL") with { ReversePath = "alice@sender.test" }, Failed("bob@remote.test"), AsciiOriginal);

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("global-delivery-status", report.ReportType);
        var group = Assert.IsType<MessageDeliveryStatus>(report[1]).StatusGroups[1];
        Assert.Equal("rfc822;bob@remote.test", group["Final-Recipient"]);
    }

    [Fact]
    public async Task A_report_about_a_message_without_smtputf8_is_downgraded_to_seven_bits()
    {
        // Without SMTPUTF8 a client may still give ORCPT=utf-8;…\x{FC}… (RFC 6533 utf-8-addr-xtext); the engine keeps it decoded.
        var envelope = Envelope(smtpUtf8: false, ret: "HDRS") with { ReversePath = "alice@sender.test", ClientHelo = "mx.bücher.test" };
        var (dsn, wire) = await BuildAsync(envelope, Failed("bob@remote.test", orcpt: "utf-8;büser+1@alt.test") with { FinalRecipient = "bö@remote.test" }, AsciiOriginal);

        Assert.True(Ascii.IsValid(wire), "a downgraded report is 7-bit throughout");
        Assert.DoesNotContain("=?", wire, StringComparison.Ordinal);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal("message/delivery-status", status.ContentType.MimeType);
        var groups = status.StatusGroups.Where(g => g.Count > 0).ToList();
        Assert.Equal("dns; mx.b\\x{FC}cher.test", groups[0]["Received-From-MTA"]);
        Assert.Equal("utf-8;b\\x{F6}@remote.test", groups[1]["Final-Recipient"]);
        Assert.Equal("utf-8;b\\x{FC}ser\\x{2B}1@alt.test", groups[1]["Original-Recipient"]);
        Assert.Equal("smtp; 550 5.1.1 <\\x{FC}-user@empf\\x{E4}nger.test>: unbekannt", groups[1]["Diagnostic-Code"]);

        // The human-readable part keeps the real characters, quoted-printable.
        var human = Assert.IsType<TextPart>(report[0]);
        Assert.Equal(ContentEncoding.QuotedPrintable, human.ContentTransferEncoding);
        Assert.Contains("<bö@remote.test>", human.Text, StringComparison.Ordinal);
        Assert.IsType<TextRfc822Headers>(report[2]);
    }

    [Fact]
    public async Task An_expired_recipient_fails_with_4_4_7_and_quotes_its_last_reply()
    {
        var expired = new DsnRecipientReport
        {
            FinalRecipient = "bob@remote.test",
            Action = DsnAction.Failed,
            Reply = "554 4.4.7 Message expired after 5.00:00:00; last error: 450 4.2.0 <bob@remote.test>: mailbox busy",
            DiagnosticReply = "450 4.2.0 <bob@remote.test>: mailbox busy",
            RemoteMta = "mx1.remote.test",
            LastAttemptDate = Now,
        };

        var (dsn, _) = await BuildAsync(Envelope(smtpUtf8: false, ret: "HDRS") with { ReversePath = "alice@sender.test" }, expired, AsciiOriginal);

        var group = Assert.IsType<MessageDeliveryStatus>(Assert.IsType<MultipartReport>(dsn.Body)[1]).StatusGroups[1];
        Assert.Equal("failed", group["Action"]);
        Assert.Equal("4.4.7", group["Status"]);
        Assert.Equal("smtp; 450 4.2.0 <bob@remote.test>: mailbox busy", group["Diagnostic-Code"]);
        Assert.Equal("dns; mx1.remote.test", group["Remote-MTA"]);
    }

    [Theory]
    [InlineData("bob@remote.test", true, "rfc822;bob@remote.test")]
    [InlineData("bob@remote.test", false, "rfc822;bob@remote.test")]
    [InlineData("ü@b.test", true, "utf-8;ü@b.test")]
    [InlineData("ü@b.test", false, "utf-8;\\x{FC}@b.test")]
    [InlineData("\"a b\\=+\"ā😀@b.test", false, "utf-8;\"a\\x{20}b\\x{5C}\\x{3D}\\x{2B}\"\\x{101}\\x{1F600}@b.test")]
    public void Addresses_are_typed_as_rfc_6533_says(string address, bool international, string expected)
        => Assert.Equal(expected, DsnAddress.Typed(address, international));

    [Theory]
    [InlineData("rfc822;Bob@Remote.test", false, "rfc822;Bob@Remote.test")]
    [InlineData("x400;c=de;a=x", false, "x400;c=de;a=x")]
    [InlineData("Bob@Remote.test", false, "rfc822;Bob@Remote.test")]
    [InlineData("utf-8;büser@x.test", true, "utf-8;büser@x.test")]
    [InlineData("UTF-8;büser@x.test", false, "utf-8;b\\x{FC}ser@x.test")]
    [InlineData("rfc822;büser@x.test", true, "utf-8;büser@x.test")]
    public void Original_recipients_keep_their_type_unless_it_cannot_hold_them(string orcpt, bool international, string expected)
        => Assert.Equal(expected, DsnAddress.Original(orcpt, international));

    private static DsnRecipientReport Failed(string address, string? orcpt = null) => new()
    {
        FinalRecipient = address,
        OriginalRecipient = orcpt,
        Action = DsnAction.Failed,
        Reply = $"550 5.1.1 <{Recipient}>: unbekannt",
        RemoteMta = "mx.empfänger.test",
        LastAttemptDate = Now,
    };

    private static MessageEnvelope Envelope(bool smtpUtf8, string ret) => new()
    {
        MessageId = "0193-u8",
        ReversePath = "jürgen@absender.test",
        Recipients = [new EnvelopeRecipient { Address = Recipient, Route = RecipientRouteKind.Remote, Target = "empfänger.test" }],
        BlobKey = "blob",
        Size = Encoding.UTF8.GetByteCount(Original),
        ArrivedAt = ArrivedAt,
        ClientHelo = "mx.bücher.test",
        DsnReturn = ret,
        SmtpUtf8 = smtpUtf8,
    };

    /// <summary>Builds the report, writes it as DsnSender stores it and parses that back; also returns the bytes as text.</summary>
    private async Task<(MimeMessage Dsn, string Wire)> BuildAsync(MessageEnvelope envelope, DsnRecipientReport recipient, string? originalText = null)
    {
        using var original = new MemoryStream(Encoding.UTF8.GetBytes(originalText ?? Original));
        var dsn = await _builder.BuildAsync(envelope, [recipient], original, CancellationToken.None);
        Assert.NotNull(dsn);
        using var wire = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await dsn.WriteToAsync(format, wire);
        var bytes = wire.ToArray();
        using var parse = new MemoryStream(bytes);
        return (await MimeMessage.LoadAsync(parse), Encoding.UTF8.GetString(bytes));
    }

    private static byte[] Raw(HeaderList group, string field) => group.First(h => h.Field.Equals(field, StringComparison.OrdinalIgnoreCase)).RawValue;

    private static void AssertRawUtf8(string? value, byte[] raw)
    {
        Assert.NotNull(value);
        var text = Encoding.UTF8.GetString(raw);
        Assert.DoesNotContain("=?", text, StringComparison.Ordinal);
        Assert.Contains(raw, b => b >= 0x80);
        Assert.Equal(value, text.Trim());
    }

    private static byte[] ContentOf(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return content.ToArray();
    }
}
