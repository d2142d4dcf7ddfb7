using System.Diagnostics;
using System.Globalization;
using MailGrid.Smtp.Tests.Infrastructure;

namespace MailGrid.Smtp.Tests;

/// <summary>Python's smtplib doing STARTTLS and AUTH (PLAIN via login(), then LOGIN explicitly) on the submission listener.</summary>
public sealed class PythonTlsClientTests(SecureSmtpServerFixture server) : IClassFixture<SecureSmtpServerFixture>
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import smtplib, ssl, sys
        from email.message import EmailMessage
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        port = int(sys.argv[1])
        for rcpt, mechanism in (("py-plain@example.com", "plain"), ("py-login@example.com", "login")):
            m = EmailMessage()
            m["From"] = "alice@example.org"
            m["To"] = rcpt
            m["Subject"] = "from python over tls"
            m.set_content("hello over tls\n")
            with smtplib.SMTP("127.0.0.1", port, local_hostname="python.test") as s:
                s.ehlo()
                assert s.has_extn("starttls"), s.esmtp_features
                assert not s.has_extn("auth"), "AUTH offered before TLS"
                code, _ = s.starttls(context=context)
                assert code == 220, code
                s.ehlo()
                assert "PLAIN" in s.esmtp_features["auth"] and "LOGIN" in s.esmtp_features["auth"], s.esmtp_features
                if mechanism == "plain":
                    code, _ = s.login("alice", "secret")
                else:
                    s.user, s.password = "alice", "secret"
                    code, _ = s.auth("LOGIN", s.auth_login, initial_response_ok=False)
                assert code == 235, code
                refused = s.send_message(m)
                assert not refused, refused
            try:
                with smtplib.SMTP("127.0.0.1", port, local_hostname="python.test") as s:
                    s.starttls(context=context)
                    s.login("alice", "wrong")
                raise SystemExit("wrong password accepted")
            except smtplib.SMTPAuthenticationError as e:
                assert e.smtp_code == 535, e
        """;

    [Fact]
    public async Task Smtplib_starttls_and_login()
    {
        Assert.True(File.Exists(Python), "python3 is needed for this test");
        var script = Path.Combine(Path.GetTempPath(), $"mailgrid-smtplib-tls-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Script);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, [script, server.Submission.ToString(CultureInfo.InvariantCulture)])
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

        foreach (var rcpt in new[] { "py-plain@example.com", "py-login@example.com" })
        {
            var stored = server.Handler.Messages.Values.Single(m => m.Transaction.Recipients[0].Address == rcpt);
            Assert.Contains("Received: from python.test ", stored.ReceivedHeader, StringComparison.Ordinal);
            Assert.Contains(" with ESMTPSA id ", stored.ReceivedHeader, StringComparison.Ordinal);
            Assert.EndsWith("\r\n\r\nhello over tls\r\n", System.Text.Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
        }
    }
}
