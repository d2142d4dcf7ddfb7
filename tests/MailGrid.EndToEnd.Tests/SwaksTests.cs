using System.Globalization;
using System.Text;

namespace MailGrid.EndToEnd.Tests;

/// <summary>swaks, the SMTP test tool, against the all-in-one server: its exit code, the replies it saw, what was stored.</summary>
[Collection(ClientsCollection.Name)]
public sealed class SwaksTests(AllInOneFixture fixture)
{
    private const string Swaks = "/usr/bin/swaks";

    private AllInOneServer Server => fixture.Server;

    [Fact]
    public async Task SwaksDeliversToALocalUser()
    {
        var subject = $"swaks {Guid.NewGuid():N}";

        var result = await SwaksAsync("127.0.0.1", "--from", "swaks@client.test", "--to", "bob@example.test", "--ehlo", "swaks.client.test",
            "--header", $"Subject: {subject}", "--body", "Hello from swaks\n.leading dot\nbye");

        Assert.True(result.ExitCode == 0, result.ToString());
        var queued = result.Output.Split('\n').Single(l => l.Contains("250 2.0.0 Ok: queued as ", StringComparison.Ordinal));
        var stored = Encoding.UTF8.GetString(await MailboxSearch.WaitForMessageAsync(Server, "bob@example.test", QueuedAs.Id(queued)));
        Assert.StartsWith("Received: from swaks.client.test ", stored, StringComparison.Ordinal);
        Assert.Contains($"\r\nSubject: {subject}\r\n", stored, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nHello from swaks\r\n.leading dot\r\nbye\r\n", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaksSeesUnknownLocalUserRefusedAtRcpt()
    {
        var result = await SwaksAsync("127.0.0.1", "--from", "swaks@client.test", "--to", "nobody@example.test");

        Assert.True(result.ExitCode == 24, result.ToString()); // swaks: "no RCPTs accepted"
        Assert.Contains("\n550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwaksFromAnUntrustedAddressMayNotRelay()
    {
        // ::1 is outside this server's trusted networks (127.0.0.0/8).
        var result = await SwaksAsync("::1", "--from", "swaks@client.test", "--to", "victim@remote.test");

        Assert.True(result.ExitCode == 24, result.ToString());
        Assert.Contains("\n550 5.7.1 <victim@remote.test>: Relay access denied", result.Output, StringComparison.Ordinal);
    }

    private Task<ExternalTool.Result> SwaksAsync(string server, params string[] arguments)
        => ExternalTool.RunAsync(Swaks, [
            "--server", server, "--port", Server.SmtpPort.ToString(CultureInfo.InvariantCulture),
            "--timeout", "30", "--no-hints", .. arguments]);
}
