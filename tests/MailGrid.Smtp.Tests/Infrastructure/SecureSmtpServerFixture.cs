using Microsoft.Extensions.DependencyInjection;
using MailGrid.Net;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>
/// One host with the listeners a real deployment has: "mx" (STARTTLS), "submission" (STARTTLS, AUTH required),
/// "smtps" (implicit TLS) and "plain" (no TLS), with a dictionary authenticator (alice/secret, bob/hunter2)
/// and the generated self-signed certificate.
/// </summary>
public sealed class SecureSmtpServerFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "secret";

    private SmtpTestHost? _host;

    public DictionaryAuthenticator Authenticator { get; } = new(new Dictionary<string, string> { [User] = Password, ["bob"] = "hunter2" });

    public SmtpTestHost Host => _host!;

    public RecordingMessageHandler Handler => Host.Handler;

    public int Mx => Host.Port("mx");

    public int Submission => Host.Port("submission");

    public int Smtps => Host.Port("smtps");

    public int Plain => Host.Port("plain");

    public async Task InitializeAsync() => _host = await SmtpTestHost.StartAsync(
        [
            new SmtpListenerOptions { Name = "mx", Tls = SmtpTlsMode.StartTls },
            new SmtpListenerOptions { Name = "submission", Tls = SmtpTlsMode.StartTls, RequireAuth = true },
            new SmtpListenerOptions { Name = "smtps", Tls = SmtpTlsMode.Implicit },
            new SmtpListenerOptions { Name = "plain", Tls = SmtpTlsMode.None },
        ],
        o => o.MaxErrors = 8,
        s => s.AddSingleton<IPasswordAuthenticator>(Authenticator));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Connects to a STARTTLS listener, says EHLO, upgrades to TLS and says EHLO again; returns the second EHLO reply.</summary>
    public static async Task<(RawSmtpClient Client, IReadOnlyList<string> Ehlo)> ConnectWithStartTlsAsync(int port)
    {
        var client = await RawSmtpClient.ConnectAndGreetAsync(port);
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.CommandAsync("STARTTLS"));
        await client.HandshakeAsync();
        await client.SendAsync("EHLO client.test\r\n");
        return (client, await client.ReadReplyAsync());
    }

    /// <summary>The base64 of a SASL PLAIN response.</summary>
    public static string PlainResponse(string user, string password, string authorizationId = "") =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{authorizationId}\0{user}\0{password}"));

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
