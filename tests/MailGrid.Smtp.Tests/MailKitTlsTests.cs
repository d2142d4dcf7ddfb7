using System.Net;
using System.Net.Sockets;
using MailGrid.Smtp.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGrid.Smtp.Tests;

/// <summary>MailKit's SmtpClient with STARTTLS and implicit TLS, authenticating with PLAIN and LOGIN.</summary>
public sealed class MailKitTlsTests(SecureSmtpServerFixture server) : IClassFixture<SecureSmtpServerFixture>
{
    [Fact]
    public async Task Starttls_and_auth_plain_on_the_submission_listener()
    {
        using var client = await ConnectAsync(server.Submission, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(SecureSmtpServerFixture.User, SecureSmtpServerFixture.Password);
        await client.SendAsync(NewMessage("mailkit-starttls@example.com"));
        await client.DisconnectAsync(quit: true);

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "mailkit-starttls@example.com");
        Assert.Contains(" with ESMTPSA id ", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Contains("(using TLSv1.", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Equal("alice", server.Authenticator.Attempts.Last(a => a == "alice"));
    }

    [Fact]
    public async Task Implicit_tls_and_auth_login_on_the_smtps_listener()
    {
        using var client = await ConnectAsync(server.Smtps, SecureSocketOptions.SslOnConnect);
        Assert.True(client.IsSecure);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync("bob", "hunter2");
        await client.SendAsync(NewMessage("mailkit-smtps@example.com"));
        await client.DisconnectAsync(quit: true);

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "mailkit-smtps@example.com");
        Assert.Contains(" with ESMTPSA id ", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Contains(server.Host.AllLogs.Errors, e => e.Contains("AUTH LOGIN succeeded for bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_exception_and_mail_without_auth_is_refused()
    {
        using var client = await ConnectAsync(server.Submission, SecureSocketOptions.StartTls);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("alice", "wrong"));
        // MailKit maps the 530 to its "not authenticated" exception, with our enhanced code in the text.
        var refused = await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(NewMessage("never@example.com")));
        Assert.Equal("5.7.0 Authentication required", refused.Message);
    }

    private static async Task<SmtpClient> ConnectAsync(int port, SecureSocketOptions security)
    {
        // Own socket with NoDelay: MailKit's own connect costs ~45 ms on this loopback.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var client = new SmtpClient { ServerCertificateValidationCallback = TestCertificates.AcceptTestServer };
        await client.ConnectAsync(socket, SmtpServerFixture.Hostname, port, security);
        return client;
    }

    private static MimeMessage NewMessage(string to)
    {
        var message = new MimeMessage { Subject = "over TLS" };
        message.From.Add(MailboxAddress.Parse("alice@example.org"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = "sent over TLS\n" };
        return message;
    }
}
