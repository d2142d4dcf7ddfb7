using System.Diagnostics;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Python's smtplib as a second independent client.</summary>
public sealed class PythonClientTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import smtplib, sys
        from email.message import EmailMessage
        m = EmailMessage()
        m["From"] = "py@example.org"
        m["To"] = "python@example.com"
        m["Subject"] = "from python"
        m.set_content("hello\n.dotted line\nbye\n")
        with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="python.test") as s:
            refused = s.send_message(m)
            assert not refused, refused
            code, _ = s.noop()
            assert code == 250, code
        """;

    [Fact]
    public async Task Smtplib_sends_a_message()
    {
        Assert.True(File.Exists(Python), "python3 is needed for this test");
        var script = Path.Combine(Path.GetTempPath(), $"mailgrid-smtplib-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, [script, server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            Assert.True(process.ExitCode == 0, await stderr);
        }
        finally
        {
            File.Delete(script);
        }

        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "python@example.com");
        Assert.Equal("py@example.org", stored.Transaction.ReversePath);
        var body = System.Text.Encoding.UTF8.GetString(stored.Body);
        Assert.Contains("Subject: from python\r\n", body, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello\r\n.dotted line\r\nbye\r\n", body, StringComparison.Ordinal);
        Assert.Contains("Received: from python.test ", stored.ReceivedHeader, StringComparison.Ordinal);
    }
}
