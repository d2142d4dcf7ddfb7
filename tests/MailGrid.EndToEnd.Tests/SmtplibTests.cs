using System.Globalization;
using System.Text;

namespace MailGrid.EndToEnd.Tests;

/// <summary>Python's smtplib (the system /usr/bin/python3) against the all-in-one server.</summary>
[Collection(ClientsCollection.Name)]
public sealed class SmtplibTests(AllInOneFixture fixture)
{
    private const string Python = "/usr/bin/python3";

    // Prints the DATA reply ("250 2.0.0 Ok: queued as ID"), or "refused CODE REPLY" when RCPT is refused.
    private const string Script = """
        import smtplib, sys
        from email.message import EmailMessage
        port, to, subject = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        m = EmailMessage()
        m["From"] = "py@client.test"
        m["To"] = to
        m["Subject"] = subject
        m.set_content("hello from smtplib\n.dotted line\nbye\n")
        with smtplib.SMTP("127.0.0.1", port, local_hostname="python.client.test") as s:
            s.ehlo()
            assert s.has_extn("pipelining") and s.has_extn("8bitmime") and s.has_extn("enhancedstatuscodes"), s.esmtp_features
            code, reply = s.mail("py@client.test")
            assert code == 250, (code, reply)
            code, reply = s.rcpt(to)
            if code != 250:
                print("refused", code, reply.decode())
                sys.exit(0)
            # smtplib fixes line ends only for str; bytes go as they are, so ask the email package for CRLF.
            code, reply = s.data(m.as_bytes(policy=m.policy.clone(linesep="\r\n")))
            print(code, reply.decode())
        """;

    private AllInOneServer Server => fixture.Server;

    [Fact]
    public async Task SmtplibDeliversToALocalUserIntact()
    {
        var subject = $"smtplib {Guid.NewGuid():N}";

        var result = await RunAsync("alice@example.test", subject);

        Assert.True(result.ExitCode == 0 && result.Output.StartsWith("250 2.0.0 Ok: queued as ", StringComparison.Ordinal), result.ToString());
        var stored = Encoding.UTF8.GetString(await MailboxSearch.WaitForMessageAsync(Server, "alice@example.test", QueuedAs.Id(result.Output)));
        Assert.StartsWith("Received: from python.client.test ", stored, StringComparison.Ordinal);
        Assert.Contains("\r\nFrom: py@client.test\r\n", stored, StringComparison.Ordinal);
        Assert.Contains($"\r\nSubject: {subject}\r\n", stored, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello from smtplib\r\n.dotted line\r\nbye\r\n", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtplibSeesAnUnknownUserRefusedAtRcpt()
    {
        var result = await RunAsync("ghost@example.test", "to nobody");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("refused 550 5.1.1 <ghost@example.test>: Recipient address rejected: User unknown in local recipient table", result.Output.Trim());
    }

    private async Task<ExternalTool.Result> RunAsync(string to, string subject)
    {
        var script = Path.Combine(Path.GetTempPath(), $"mailgrid-smtplib-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            return await ExternalTool.RunAsync(Python, [script, Server.SmtpPort.ToString(CultureInfo.InvariantCulture), to, subject]);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
