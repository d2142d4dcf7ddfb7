using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrid.Testing;

namespace MailGrid.EndToEnd.Tests;

/// <summary>
/// The all-in-one host (<c>MailGrid.Server</c>) as a real process, configured for tests: local domain
/// example.test with alice (alias al@) and bob, remote.test routed to a sink, fast retries.
/// Restartable on the same data folder and ports.
/// </summary>
internal sealed class AllInOneServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _environment;

    /// <summary>alice's password for SMTP AUTH (stored only as a PBKDF2 hash in the server's configuration).</summary>
    public const string AlicePassword = "correct horse battery staple";

    private static readonly Lazy<string> AliceHash = new(() => MailGrid.Accounts.PasswordHasher.Hash(AlicePassword, iterations: 10_000));

    private AllInOneServer(TempDirectory data, Dictionary<string, string> environment, int smtpPort, int httpPort)
    {
        Data = data;
        _environment = environment;
        SmtpPort = smtpPort;
        HttpPort = httpPort;
        SubmissionPort = int.Parse(environment["MailGrid__Smtp__Listeners__1__Port"], CultureInfo.InvariantCulture);
        ImplicitTlsPort = int.Parse(environment["MailGrid__Smtp__Listeners__2__Port"], CultureInfo.InvariantCulture);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public TempDirectory Data { get; }

    public int SmtpPort { get; }

    public int HttpPort { get; }

    /// <summary>STARTTLS, AUTH required (the role of port 587).</summary>
    public int SubmissionPort { get; }

    /// <summary>Implicit TLS, AUTH required (the role of port 465).</summary>
    public int ImplicitTlsPort { get; }

    public HttpClient Http { get; }

    public MailGridProcess? Process { get; private set; }

    public static async Task<AllInOneServer> StartAsync(int sinkPort, IReadOnlyDictionary<string, string>? extra = null)
    {
        var smtpPort = FreeTcpPort.Next();
        var httpPort = FreeTcpPort.Next();
        var environment = new Dictionary<string, string>
        {
            ["MailGrid__DataPath"] = "", // set below, once the folder exists
            ["MailGrid__Http__Port"] = Invariant(httpPort),
            ["MailGrid__Smtp__Listeners__0__Name"] = "mx",
            ["MailGrid__Smtp__Listeners__0__Port"] = Invariant(smtpPort),
            ["MailGrid__Smtp__Listeners__1__Name"] = "submission",
            ["MailGrid__Smtp__Listeners__1__Port"] = Invariant(FreeTcpPort.Next()),
            ["MailGrid__Smtp__Listeners__1__RequireAuth"] = "true",
            ["MailGrid__Smtp__Listeners__2__Name"] = "submissions",
            ["MailGrid__Smtp__Listeners__2__Port"] = Invariant(FreeTcpPort.Next()),
            ["MailGrid__Smtp__Listeners__2__Tls"] = "Implicit",
            ["MailGrid__Smtp__Listeners__2__RequireAuth"] = "true",
            ["MailGrid__Smtp__AuthFailureDelay"] = "00:00:00",
            // IPv4 loopback is trusted, ::1 is not: one server covers relay and no-relay clients.
            ["MailGrid__Smtp__TrustedNetworks__0"] = "127.0.0.0/8",
            ["MailGrid__Cluster__SiloPort"] = Invariant(FreeTcpPort.Next()),
            ["MailGrid__Cluster__GatewayPort"] = Invariant(FreeTcpPort.Next()),
            ["MailGrid__Directory__LocalDomains__0__Name"] = "example.test",
            ["MailGrid__Directory__Accounts__0__Address"] = "alice@example.test",
            ["MailGrid__Directory__Accounts__0__Aliases__0"] = "al@example.test",
            ["MailGrid__Directory__Accounts__0__PasswordHash"] = AliceHash.Value,
            ["MailGrid__Directory__Accounts__1__Address"] = "bob@example.test",
            ["MailGrid__Routing__Routes__remote.test"] = $"127.0.0.1:{Invariant(sinkPort)}",
            ["MailGrid__Routing__Routes__held.test"] = $"127.0.0.1:{Invariant(sinkPort)}",
            ["MailGrid__Delivery__FirstRetryDelay"] = "00:00:00.200",
            ["MailGrid__Delivery__MaxRetryDelay"] = "00:00:01",
            ["MailGrid__Delivery__RecoveryScanInterval"] = "00:00:01",
            ["MailGrid__Delivery__ConnectTimeout"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var data = TempDirectory.Create("mailgrid-e2e-");
        environment["MailGrid__DataPath"] = Path.Combine(data.Path, "data");
        var server = new AllInOneServer(data, environment, smtpPort, httpPort);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the process (again) on the same data and ports and waits for /health.</summary>
    public async Task RestartAsync()
    {
        if (Process is { HasExited: false })
        {
            throw new InvalidOperationException("The server is still running.");
        }

        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        Process = MailGridProcess.Start(HostAssemblies.Server, _environment, Data.Path);
        await Process.WaitForHealthyAsync(HttpPort, StartTimeout);
    }

    public void Kill() => Process?.Kill();

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<byte[]> GetMailboxMessageAsync(string mailbox, long uid)
        => await Http.GetByteArrayAsync(new Uri($"api/mailboxes/{mailbox}/messages/{Invariant(uid)}", UriKind.Relative));

    public async Task<long[]> ListMailboxUidsAsync(string mailbox)
    {
        var list = await GetJsonAsync($"api/mailboxes/{mailbox}/messages?limit=10000");
        return list.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("uid").GetInt64()).ToArray();
    }

    public string LogTail() => Process?.Log.Tail() ?? "(not started)";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        Data.Dispose();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
