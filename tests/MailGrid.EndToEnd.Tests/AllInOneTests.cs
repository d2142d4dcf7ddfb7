using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>The whole mail path in the embedded default: one MailGrid.Server process, real sockets, a real remote SMTP peer.</summary>
public sealed class AllInOneTests(AllInOneFixture fixture) : IClassFixture<AllInOneFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly string[] DaveAliases = ["d@example.test"];
    private AllInOneServer Server => fixture.Server;
    private SmtpSink Sink => fixture.Sink;

    [Fact]
    public async Task LocalAndRemoteRecipientsReceiveTheMessageByteExact()
    {
        var message = MessageBytes.NewMessage("sender@client.test", "alice@example.test", "both paths", "Hello\r\n.a line starting with a dot\r\n..and two\r\nend\r\n");
        message.Cc.Add(MimeKit.MailboxAddress.Parse("carol@remote.test"));
        var sent = MessageBytes.WireBytes(message);

        var reply = await SmtpTestClient.SendAsync(Server.SmtpPort, message);
        var id = QueuedAs.Id(reply);

        // Local: stored in alice's mailbox, read back over HTTP, identical apart from the Received header.
        var entry = await FindMailboxEntryAsync("alice@example.test", id);
        var stored = await Server.GetMailboxMessageAsync("alice@example.test", entry.GetProperty("uid").GetInt64());
        Assert.Equal(sent, MessageBytes.WithoutLeadingReceived(stored));
        Assert.Contains($"with ESMTP id {id}", System.Text.Encoding.Latin1.GetString(stored[..300]), StringComparison.Ordinal);

        // Remote: relayed to the sink for remote.test, identical apart from the Received header.
        await Eventually.TrueAsync(() => Sink.Messages.Any(m => m.Recipients.Contains("carol@remote.test")), Deadline, "carol@remote.test at the sink");
        var relayed = Sink.Messages.Single(m => m.Recipients.Contains("carol@remote.test"));
        Assert.Equal("sender@client.test", relayed.Sender);
        Assert.Equal(sent, MessageBytes.WithoutLeadingReceivedFields(relayed.Data));

        // Status: both recipients delivered, the remote one with the sink's reply.
        var record = await Eventually.ValueAsync(
            () => Server.GetJsonAsync($"api/messages/{id}"),
            r => r.GetProperty("recipients").EnumerateArray().All(s => s.GetProperty("state").GetString() == "Delivered"),
            Deadline,
            $"every recipient of {id} delivered");
        var carol = record.GetProperty("recipients").EnumerateArray().Single(s => s.GetProperty("address").GetString() == "carol@remote.test");
        Assert.StartsWith("250", carol.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasDeliversIntoTheAccountMailbox()
    {
        var message = MessageBytes.NewMessage("sender@client.test", "al@example.test", "alias", "to the alias");
        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(Server.SmtpPort, message));

        var entry = await FindMailboxEntryAsync("alice@example.test", id);
        Assert.Equal("sender@client.test", entry.GetProperty("reversePath").GetString());
    }

    [Fact]
    public async Task UnknownLocalUserIsRefusedAtRcpt()
    {
        var (smtp, greeting) = await RawSmtpConnection.OpenAsync(IPAddress.Loopback, Server.SmtpPort);
        await using var _ = smtp;
        Assert.StartsWith("220 ", greeting, StringComparison.Ordinal);
        Assert.StartsWith("250 ", await smtp.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<sender@client.test>"));
        Assert.StartsWith("550 5.1.1 <nobody@example.test>", await smtp.CommandAsync("RCPT TO:<nobody@example.test>"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<Bob@Example.Test>"));
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<postmaster@example.test>"));
        Assert.StartsWith("221 ", await smtp.CommandAsync("QUIT"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedClientMayNotRelayButMayDeliverLocally()
    {
        // ::1 is outside the trusted networks this server is given (127.0.0.0/8).
        var (smtp, _) = await RawSmtpConnection.OpenAsync(IPAddress.IPv6Loopback, Server.SmtpPort);
        await using var _ = smtp;
        await smtp.CommandAsync("EHLO outside.test");
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@outside.test>"));
        Assert.Equal("550 5.7.1 <victim@remote.test>: Relay access denied", await smtp.CommandAsync("RCPT TO:<victim@remote.test>"));
        Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync("RCPT TO:<bob@example.test>"));
        Assert.StartsWith("354 ", await smtp.CommandAsync("DATA"), StringComparison.Ordinal);
        await smtp.SendAsync("Subject: from outside\r\n\r\nhello bob\r\n.\r\n");
        var reply = await smtp.ReadReplyAsync();
        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);

        await FindMailboxEntryAsync("bob@example.test", QueuedAs.Id(reply));
        Assert.DoesNotContain(Sink.Messages, m => m.Recipients.Contains("victim@remote.test"));
    }

    [Fact]
    public async Task TemporaryFailureIsRetriedUntilDelivered()
    {
        var refusals = 0;
        Sink.RecipientReply = address => address == "retry@remote.test" && Interlocked.Increment(ref refusals) <= 2 ? "450 4.2.0 Mailbox busy, try later" : null;

        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(Server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "retry@remote.test", "retry", "again")));

        await Eventually.TrueAsync(() => Sink.Messages.Any(m => m.Recipients.Contains("retry@remote.test")), Deadline, "retry@remote.test delivered after two 450s");
        var record = await Eventually.ValueAsync(
            () => Server.GetJsonAsync($"api/messages/{id}"),
            r => r.GetProperty("recipients")[0].GetProperty("state").GetString() == "Delivered",
            Deadline,
            "the status to say delivered");
        Assert.Equal(3, record.GetProperty("recipients")[0].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task PermanentFailureMarksTheRecipientFailed()
    {
        Sink.RecipientReply = address => address == "gone@remote.test" ? "550 5.1.1 No such user here" : null;

        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(Server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "gone@remote.test", "gone", "nobody home")));

        var record = await Eventually.ValueAsync(
            () => Server.GetJsonAsync($"api/messages/{id}"),
            r => r.GetProperty("recipients")[0].GetProperty("state").GetString() == "Failed",
            Deadline,
            "the recipient to be marked failed");
        Assert.Contains("550 5.1.1 No such user here", record.GetProperty("recipients")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        var queue = await Eventually.ValueAsync(() => Server.GetJsonAsync("api/queues/remote.test"), q => q.GetProperty("summary").GetProperty("depth").GetInt64() == 0, Deadline, "the remote.test queue to drain");
        Assert.Equal(0, queue.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task AccountAddedThroughTheApiReceivesMailAndMessagesCanBeDeleted()
    {
        var (smtp, _) = await RawSmtpConnection.OpenAsync(IPAddress.Loopback, Server.SmtpPort);
        await using (smtp)
        {
            await smtp.CommandAsync("EHLO client.test");
            await smtp.CommandAsync("MAIL FROM:<sender@client.test>");
            Assert.StartsWith("550 5.1.1", await smtp.CommandAsync("RCPT TO:<dave@example.test>"), StringComparison.Ordinal);
        }

        using (var put = await Server.Http.PutAsJsonAsync(new Uri("api/accounts/dave@example.test", UriKind.Relative), new { aliases = DaveAliases }))
        {
            put.EnsureSuccessStatusCode();
        }

        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(Server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "d@example.test", "api account", "welcome")));
        var uid = (await FindMailboxEntryAsync("dave@example.test", id)).GetProperty("uid").GetInt64();

        using (var delete = await Server.Http.DeleteAsync(new Uri($"api/mailboxes/dave@example.test/messages/{uid}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await Server.Http.GetAsync(new Uri($"api/mailboxes/dave@example.test/messages/{uid}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task QueueAdministrationOverHttpPausesAndResumesADomain()
    {
        using (var pause = await Server.Http.PostAsync(new Uri("api/queues/held.test/pause", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, pause.StatusCode);
        }

        var id = QueuedAs.Id(await SmtpTestClient.SendAsync(Server.SmtpPort, MessageBytes.NewMessage("sender@client.test", "held@held.test", "held", "wait for it")));
        var queue = await Server.GetJsonAsync("api/queues/held.test");
        Assert.True(queue.GetProperty("summary").GetProperty("paused").GetBoolean());
        Assert.Equal(id, queue.GetProperty("entries")[0].GetProperty("messageId").GetString());
        var totals = await Server.GetJsonAsync("api/queues");
        Assert.Contains(totals.GetProperty("domains").EnumerateArray(), d => d.GetProperty("domain").GetString() == "held.test" && d.GetProperty("depth").GetInt64() == 1);

        using (var resume = await Server.Http.PostAsync(new Uri("api/queues/held.test/resume", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        }

        await Eventually.TrueAsync(() => Sink.Messages.Any(m => m.Recipients.Contains("held@held.test")), Deadline, "held@held.test delivered after resume");
    }

    private async Task<JsonElement> FindMailboxEntryAsync(string mailbox, string messageId)
    {
        var list = await Eventually.ValueAsync(
            () => Server.GetJsonAsync($"api/mailboxes/{mailbox}/messages?limit=10000"),
            l => l.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("messageId").GetString() == messageId),
            Deadline,
            $"{messageId} in {mailbox}");
        return list.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == messageId);
    }
}
