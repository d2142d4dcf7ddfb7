using MailGrid.Smtp.Tests.Infrastructure;
using static MailGrid.Smtp.Tests.Infrastructure.SecureSmtpServerFixture;

namespace MailGrid.Smtp.Tests;

/// <summary>AUTH PLAIN and LOGIN (RFC 4954) over raw sockets inside STARTTLS, every reply line asserted.</summary>
public sealed class AuthTests(SecureSmtpServerFixture server) : IClassFixture<SecureSmtpServerFixture>
{
    private const string Success = "235 2.7.0 Authentication successful";

    [Fact]
    public async Task Plain_with_initial_response()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal(Success, await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret")}"));
        Assert.Equal("503 5.5.1 Error: already authenticated", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret")}"));
    }

    [Fact]
    public async Task Plain_with_an_empty_challenge_and_an_authorization_identity_equal_to_the_user()
    {
        await using var client = await SecureClientAsync();
        await client.SendAsync("AUTH PLAIN\r\n");
        Assert.Equal(["334 "], await client.ReadReplyAsync());
        Assert.Equal(Success, await client.CommandAsync(PlainResponse("alice", "secret", authorizationId: "alice")));
    }

    [Fact]
    public async Task Login_asks_for_user_name_and_password()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("auth login"));
        Assert.Equal("334 UGFzc3dvcmQ6", await client.CommandAsync(Base64("bob")));
        Assert.Equal(Success, await client.CommandAsync(Base64("hunter2")));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<bob@example.org>"));
        Assert.Equal("bob", server.Handler.LastSession!.AuthenticatedUser);
    }

    [Fact]
    public async Task Login_with_the_user_name_as_initial_response()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("334 UGFzc3dvcmQ6", await client.CommandAsync($"AUTH LOGIN {Base64("alice")}"));
        Assert.Equal(Success, await client.CommandAsync(Base64("secret")));
    }

    [Fact]
    public async Task Failures_have_their_exact_replies_and_the_session_goes_on()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "wrong")}"));
        Assert.Equal("501 5.5.2 Cannot Base64-decode client response", await client.CommandAsync("AUTH PLAIN not*base64!"));
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("501 5.0.0 Authentication cancelled", await client.CommandAsync("*"));
        Assert.Equal("504 5.5.4 Unrecognized authentication type", await client.CommandAsync("AUTH CRAM-MD5"));
        Assert.Equal("501 5.5.4 Syntax: AUTH mechanism [initial-response]", await client.CommandAsync("AUTH"));
        Assert.Equal("501 5.5.2 Invalid PLAIN response", await client.CommandAsync($"AUTH PLAIN {Base64("no nul bytes")}"));
        Assert.Equal(Success, await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret")}"));
    }

    [Fact]
    public async Task Acting_as_another_identity_is_refused()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret", authorizationId: "bob")}"));
    }

    [Fact]
    public async Task Auth_inside_a_transaction_is_a_bad_sequence()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@example.org>"));
        Assert.Equal("503 5.5.1 Error: bad sequence of commands", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret")}"));
    }

    [Fact]
    public async Task Auth_without_tls_is_refused_with_538()
    {
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.Mx);
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", await client.CommandAsync("AUTH LOGIN"));
    }

    [Fact]
    public async Task Auth_lines_up_to_12288_octets_are_read_whole()
    {
        await using var client = await SecureClientAsync();
        var longPassword = new string('p', 8000);
        var response = PlainResponse("alice", longPassword);
        Assert.InRange(response.Length, 10_000, 12_280);
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {response}"));
        Assert.Equal("334 ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("500 5.5.6 Authentication exchange line is too long", await client.CommandAsync(new string('A', 13_000)));
        Assert.Equal("500 5.5.2 Error: line too long", await client.CommandAsync("NOOP " + new string('x', 3000)));
    }

    [Fact]
    public async Task Failed_auths_count_as_errors_and_end_the_session()
    {
        await using var client = await SecureClientAsync();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", $"guess{i}")}"));
        }

        await client.SendAsync($"AUTH PLAIN {PlainResponse("alice", "guess7")}\r\n");
        Assert.Equal(["535 5.7.8 Authentication credentials invalid"], await client.ReadReplyAsync());
        Assert.Equal(["421 4.7.0 mx.test.mailgrid Error: too many errors"], await client.ReadReplyAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task Submission_requires_auth_before_mail()
    {
        var (client, _) = await ConnectWithStartTlsAsync(server.Submission);
        await using (client)
        {
            Assert.Equal("530 5.7.0 Authentication required", await client.CommandAsync("MAIL FROM:<alice@example.org>"));
            Assert.Equal(Success, await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "secret")}"));
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.org>"));
            Assert.Equal("submission", server.Handler.LastSession!.ListenerName);
        }
    }

    [Fact]
    public async Task Credentials_are_never_logged()
    {
        await using var client = await SecureClientAsync();
        Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {PlainResponse("alice", "TopSecretValue")}"));
        Assert.Contains(server.Host.AllLogs.Errors, e => e.Contains("AUTH PLAIN failed for alice", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Host.AllLogs.Errors, e => e.Contains("TopSecretValue", StringComparison.Ordinal));
        Assert.Contains("alice", server.Authenticator.Attempts);
    }

    private async Task<RawSmtpClient> SecureClientAsync()
    {
        var (client, ehlo) = await ConnectWithStartTlsAsync(server.Mx);
        Assert.Contains("250-AUTH PLAIN LOGIN", ehlo);
        return client;
    }
}
