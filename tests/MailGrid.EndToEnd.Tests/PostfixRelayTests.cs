using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// Postfix as a real peer: a private instance relays into MailGrid's SMTP port (STARTTLS when MailGrid offers it)
/// and the message arrives byte for byte, apart from the Received fields each hop prepends.
/// </summary>
public sealed partial class PostfixRelayTests(PostfixPeerFixture fixture) : IClassFixture<PostfixPeerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MessageRelayedByPostfixArrivesIntactInTheMailbox()
    {
        var message = MessageBytes.NewMessage("relay@client.test", "alice@example.test", $"via postfix {Guid.NewGuid():N}",
            "Relayed by Postfix.\r\n.a line starting with a dot\r\n" + new string('x', 900) + "\r\nend\r\n");
        var sent = MessageBytes.WireBytes(message);

        var postfixQueueId = QueuedAs.Id(await SmtpTestClient.SendAsync(fixture.Postfix.Port, message));

        // Postfix logs MailGrid's final reply: "<queue id>: to=<...>, relay=127.0.0.1[127.0.0.1]:<port>, ... status=sent (250 2.0.0 Ok: queued as <id>)".
        var deliveryLine = await fixture.Postfix.WaitForLogLineAsync(
            l => l.Contains($"{postfixQueueId}: to=<alice@example.test>, relay=127.0.0.1[127.0.0.1]:{fixture.Server.SmtpPort}", StringComparison.Ordinal)
                && l.Contains(" status=", StringComparison.Ordinal),
            Deadline,
            $"Postfix's relay of {postfixQueueId} to MailGrid");
        var sent250 = QueuedAsInLog().Match(deliveryLine);
        Assert.True(sent250.Success, deliveryLine);

        var stored = await MailboxSearch.WaitForMessageAsync(fixture.Server, "alice@example.test", sent250.Groups["id"].Value);
        var storedText = Encoding.Latin1.GetString(stored);
        Assert.Matches(@"^Received: from postfix\.test \(", storedText);
        Assert.Contains("\r\nReceived: from ", storedText, StringComparison.Ordinal); // Postfix's own trace field
        Assert.Equal(sent, MessageBytes.WithoutLeadingReceivedFields(stored));

        // Once MailGrid offers STARTTLS, Postfix (smtp_tls_security_level = may) must have used it.
        if (await OffersStartTlsAsync())
        {
            Assert.Contains($"TLS connection established to 127.0.0.1[127.0.0.1]:{fixture.Server.SmtpPort}", fixture.Postfix.ReadMailLog(), StringComparison.Ordinal);
        }
    }

    private async Task<bool> OffersStartTlsAsync()
    {
        var (smtp, _) = await RawSmtpConnection.OpenAsync(IPAddress.Loopback, fixture.Server.SmtpPort);
        await using var _ = smtp;
        return (await smtp.CommandAsync("EHLO probe.test")).Contains("STARTTLS", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"status=sent \(250 2\.0\.0 Ok: queued as (?<id>[0-9a-f]{32})\)")]
    private static partial Regex QueuedAsInLog();
}
