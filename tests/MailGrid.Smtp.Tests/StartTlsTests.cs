using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>STARTTLS (RFC 3207) and implicit TLS (RFC 8314) over raw sockets.</summary>
public sealed class StartTlsTests(SecureSmtpServerFixture server) : IClassFixture<SecureSmtpServerFixture>
{
    [Fact]
    public async Task Starttls_upgrades_the_session_and_resets_it_and_auth_is_offered_only_inside_tls()
    {
        await using var client = await RawSmtpClient.ConnectAsync(server.Mx);
        await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
        await client.SendAsync("EHLO client.test\r\n");
        var plain = await client.ReadReplyAsync();
        Assert.Contains("250-STARTTLS", plain);
        Assert.DoesNotContain(plain, l => l.Contains("AUTH", StringComparison.Ordinal));

        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.HandshakeAsync();
        Assert.True(client.Tls!.SslProtocol >= SslProtocols.Tls12);

        // The session starts over: no EHLO yet.
        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await client.CommandAsync("MAIL FROM:<a@example.com>"));
        await client.SendAsync("EHLO client.test\r\n");
        var secure = await client.ReadReplyAsync();
        Assert.Equal("250-mx.test.mailgrid", secure[0]);
        Assert.Contains("250-AUTH PLAIN LOGIN", secure);
        Assert.DoesNotContain(secure, l => l.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.Equal("503 5.5.1 Error: TLS already active", await client.CommandAsync("STARTTLS"));
        Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task Commands_pipelined_behind_starttls_are_discarded_not_run_inside_tls()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Mx);

        // One write: the injected commands arrive in clear text with STARTTLS (CVE-2011-0411).
        await client.SendAsync("STARTTLS\r\nRSET\r\nMAIL FROM:<evil@example.com>\r\n");
        Assert.Equal(["220 2.0.0 Ready to start TLS"], await client.ReadReplyAsync());
        await client.HandshakeAsync();

        await client.SendAsync("EHLO client.test\r\n");
        Assert.Equal("250-mx.test.mailgrid", (await client.ReadReplyAsync())[0]);
        Assert.Equal("503 5.5.1 Error: need MAIL command", await client.CommandAsync("RCPT TO:<victim@example.com>"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Starttls_errors_have_their_exact_replies()
    {
        await using (var client = await RawSmtpClient.ConnectAsync(server.Mx))
        {
            await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
            Assert.Equal("503 5.5.1 Error: bad sequence of commands", await client.CommandAsync("STARTTLS"));
            await client.SendAsync("EHLO client.test\r\n");
            await client.ReadReplyAsync();
            Assert.Equal("501 5.5.4 Syntax: STARTTLS", await client.CommandAsync("STARTTLS now"));
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.com>"));
            Assert.Equal("503 5.5.1 Error: bad sequence of commands", await client.CommandAsync("STARTTLS"));
        }

        await using (var plain = await RawSmtpClient.ConnectAndGreetAsync(server.Plain))
        {
            Assert.Equal("502 5.5.1 Error: command not implemented", await plain.CommandAsync("STARTTLS"));
            Assert.Equal("250 2.0.0 Ok", await plain.CommandAsync("NOOP"));
        }
    }

    [Fact]
    public async Task Plain_listener_offers_neither_starttls_nor_auth()
    {
        await using var client = await RawSmtpClient.ConnectAsync(server.Plain);
        await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
        await client.SendAsync("EHLO client.test\r\n");
        var ehlo = await client.ReadReplyAsync();
        Assert.DoesNotContain(ehlo, l => l.Contains("STARTTLS", StringComparison.Ordinal) || l.Contains("AUTH", StringComparison.Ordinal));
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism",
            await client.CommandAsync($"AUTH PLAIN {SecureSmtpServerFixture.PlainResponse("alice", "secret")}"));
    }

    [Fact]
    public async Task Implicit_tls_handshakes_before_the_greeting()
    {
        await using var client = await RawSmtpClient.ConnectTlsAsync(server.Smtps);
        await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
        await client.SendAsync("EHLO client.test\r\n");
        var ehlo = await client.ReadReplyAsync();
        Assert.Contains("250-AUTH PLAIN LOGIN", ehlo);
        Assert.DoesNotContain(ehlo, l => l.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.Equal("503 5.5.1 Error: TLS already active", await client.CommandAsync("STARTTLS"));
    }

    [Fact]
    public async Task Generated_certificate_names_the_host_and_lasts_a_year()
    {
        await using var client = await RawSmtpClient.ConnectTlsAsync(server.Smtps);
        using var certificate = new X509Certificate2(client.Tls!.RemoteCertificate!);
        Assert.Equal("CN=mx.test.mailgrid", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["mx.test.mailgrid"], san.EnumerateDnsNames());
        Assert.InRange(certificate.NotAfter - certificate.NotBefore, TimeSpan.FromDays(365), TimeSpan.FromDays(367));
        Assert.NotNull(certificate.GetECDsaPublicKey());
    }

    [Fact]
    public async Task Received_header_records_tls_version_cipher_and_authentication()
    {
        var (client, _) = await SecureSmtpServerFixture.ConnectWithStartTlsAsync(server.Mx);
        var protocol = client.Tls!.SslProtocol == SslProtocols.Tls13 ? "TLSv1.3" : "TLSv1.2";
        await using (client)
        {
            Assert.Equal("235 2.7.0 Authentication successful",
                await client.CommandAsync($"AUTH PLAIN {SecureSmtpServerFixture.PlainResponse("alice", "secret")}"));
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.org>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<tls-header@example.com>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: tls\r\n\r\nhello\r\n."), StringComparison.Ordinal);
        }

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "tls-header@example.com");
        Assert.Equal(protocol, server.Handler.LastSession!.TlsProtocol);
        Assert.Equal("alice", server.Handler.LastSession.AuthenticatedUser);
        Assert.Matches(
            $@"^Received: from client\.test \(127\.0\.0\.1 \[127\.0\.0\.1\]\)\r\n\t\(using {protocol.Replace(".", @"\.", StringComparison.Ordinal)} with cipher TLS_[A-Z0-9_]+\)\r\n\tby mx\.test\.mailgrid \(MailGrid\) with ESMTPSA id ",
            stored.ReceivedHeader);
    }
}
