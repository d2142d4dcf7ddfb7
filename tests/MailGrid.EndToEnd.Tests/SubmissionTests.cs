using System.Net;
using System.Text;
using MailGrid.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Submission over real sockets: STARTTLS and implicit TLS, AUTH against the account directory, sender ownership.</summary>
[Collection(ClientsCollection.Name)]
public sealed class SubmissionTests(AllInOneFixture fixture)
{
    private const string Swaks = "/usr/bin/swaks";
    private AllInOneServer Server => fixture.Server;

    [Fact]
    public async Task AuthenticatedSubmissionOverStartTlsRelaysAndIsStampedEsmtpsa()
    {
        using var client = await SubmissionClient.ConnectAsync(Server.SubmissionPort, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        await client.AuthenticateAsync("alice@example.test", AllInOneServer.AlicePassword);

        var message = MessageBytes.NewMessage("alice@example.test", "bob@example.test", "submitted", "over TLS");
        message.Cc.Add(MailboxAddress.Parse("sub@remote.test"));
        var id = QueuedAs.Id(await client.SendAsync(message));
        await client.DisconnectAsync(quit: true);

        var stored = Encoding.UTF8.GetString(await MailboxSearch.WaitForMessageAsync(Server, "bob@example.test", id));
        Assert.Contains("with ESMTPSA id " + id, stored, StringComparison.Ordinal);
        Assert.Contains("(using TLSv1.", stored, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => fixture.Sink.Messages.Any(m => m.Recipients.Contains("sub@remote.test")), TimeSpan.FromSeconds(30), "the authenticated relay to reach the sink");
    }

    [Fact]
    public async Task ImplicitTlsWithAuthLoginWorksAndWrongPasswordsAreRefused()
    {
        using var client = await SubmissionClient.ConnectAsync(Server.ImplicitTlsPort, SecureSocketOptions.SslOnConnect);
        Assert.True(client.IsSecure);
        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("alice@example.test", "wrong password"));
        Assert.Contains("5.7.8", refused.Message, StringComparison.Ordinal);

        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync("alice@example.test", AllInOneServer.AlicePassword);
        var id = QueuedAs.Id(await client.SendAsync(MessageBytes.NewMessage("al@example.test", "bob@example.test", "implicit", "465 role")));
        await MailboxSearch.WaitForMessageAsync(Server, "bob@example.test", id);
    }

    [Fact]
    public async Task SubmissionRequiresAuthAndTheSenderMustBeOwned()
    {
        // No AUTH: MAIL is refused on the submission listener.
        var (raw, _) = await RawSmtpConnection.OpenAsync(IPAddress.Loopback, Server.SubmissionPort);
        await using (raw)
        {
            var ehlo = await raw.CommandAsync("EHLO client.test");
            Assert.StartsWith("250 ", ehlo, StringComparison.Ordinal);
            Assert.Equal("530 5.7.0 Authentication required", await raw.CommandAsync("MAIL FROM:<alice@example.test>"));
        }

        using var client = await SubmissionClient.ConnectAsync(Server.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("alice@example.test", AllInOneServer.AlicePassword);
        var spoof = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(MessageBytes.NewMessage("bob@example.test", "bob@example.test", "spoof", "not mine")));
        Assert.Equal(SmtpErrorCode.SenderNotAccepted, spoof.ErrorCode);
        Assert.Equal(553, (int)spoof.StatusCode);
        Assert.Contains("5.7.1", spoof.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaksWithStartTlsAndAuthPlainGetsMessageIdAndDateAdded()
    {
        var result = await ExternalTool.RunAsync(Swaks, [
            "--server", "127.0.0.1", "--port", Server.SubmissionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", AllInOneServer.AlicePassword,
            "--from", "alice@example.test", "--to", "bob@example.test", "--timeout", "30", "--no-hints",
            "--data", "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: bare submission\r\n\r\nno date, no id\r\n"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(AllInOneServer.AlicePassword, Server.Process!.Log.ToString(), StringComparison.Ordinal);
        var queued = result.Output.Split('\n').Single(l => l.Contains("250 2.0.0 Ok: queued as ", StringComparison.Ordinal));
        var stored = Encoding.UTF8.GetString(await MailboxSearch.WaitForMessageAsync(Server, "bob@example.test", QueuedAs.Id(queued)));
        var headers = stored[..stored.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.Contains("\r\nMessage-ID: <", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nDate: ", headers, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nno date, no id\r\n", stored, StringComparison.Ordinal);
    }
}
