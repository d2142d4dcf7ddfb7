using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Python's smtplib with SMTPUTF8 and DSN options, as an independent client.</summary>
public sealed class PythonExtensionTests(SmtpServerFixture server) : IClassFixture<SmtpServerFixture>
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import smtplib, sys
        from email.message import EmailMessage
        from email import policy
        m = EmailMessage()
        m["From"] = "p\u00fd@b\u00fccher.example"
        m["To"] = "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a"
        m["Subject"] = "gr\u00fc\u00dfe"
        m.set_content("h\u00e9llo\n.dotted\n", cte="8bit")
        with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="python.test") as s:
            s.ehlo()
            assert s.has_extn("smtputf8") and s.has_extn("dsn") and s.has_extn("chunking"), s.esmtp_features
            refused = s.sendmail(m["From"], [m["To"], "plain@example.com"], m.as_bytes(policy=policy.SMTPUTF8),
                mail_options=["SMTPUTF8", "BODY=8BITMIME", "RET=FULL", "ENVID=py+2Benv"],
                rcpt_options=["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;orig+2Bpy@example.com"])
            assert not refused, refused
            try:
                s.sendmail("a@example.com", ["b@example.com"], b"x", rcpt_options=["NOTIFY=NEVER,DELAY"])
                raise SystemExit("bad NOTIFY accepted")
            except smtplib.SMTPRecipientsRefused as e:
                print(e.recipients["b@example.com"][0], e.recipients["b@example.com"][1].decode())
        """;

    [Fact]
    public async Task Smtplib_sends_with_smtputf8_and_dsn_options()
    {
        Assert.True(File.Exists(Python), "python3 is needed for this test");
        var script = Path.Combine(Path.GetTempPath(), $"mailgrid-smtplib-ext-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        string stdout;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, [script, server.Port.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            stdout = await process.StandardOutput.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            Assert.True(process.ExitCode == 0, await stderr);
        }
        finally
        {
            File.Delete(script);
        }

        Assert.Equal("501 5.5.4 Error: NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY", stdout.Trim());
        var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a");
        var transaction = stored.Transaction;
        Assert.Equal("p\u00fd@b\u00fccher.example", transaction.ReversePath);
        Assert.Equal("FULL", transaction.MailParameters["RET"]);
        Assert.Equal("py+env", transaction.MailParameters["ENVID"]);
        Assert.All(transaction.Recipients, r => Assert.Equal("SUCCESS,FAILURE", r.Parameters["NOTIFY"]));
        Assert.Equal("rfc822;orig+py@example.com", transaction.Recipients[1].Parameters["ORCPT"]);
        var body = Encoding.UTF8.GetString(stored.Body);
        Assert.Contains("Subject: gr\u00fc\u00dfe\r\n", body, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nh\u00e9llo\r\n.dotted\r\n", body, StringComparison.Ordinal);
    }
}
