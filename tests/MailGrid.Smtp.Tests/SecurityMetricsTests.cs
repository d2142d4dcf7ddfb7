using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MailGrid.Smtp.Tests.Infrastructure;
using MailGrid.Net;

namespace MailGrid.Smtp.Tests;

/// <summary>The TLS, AUTH and refusal instruments record with their documented tags.</summary>
public sealed class SecurityMetricsTests
{
    [Fact]
    public async Task Handshakes_auth_outcomes_and_refusals_are_counted()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "MailGrid.Smtp")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            measurements.Enqueue((instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var authenticator = new DictionaryAuthenticator(new Dictionary<string, string> { ["carol"] = "pw" });
        await using var host = await SmtpTestHost.StartAsync(
            [new SmtpListenerOptions { Name = "smtps", Tls = SmtpTlsMode.Implicit }],
            o => o.MaxConnectionsPerClient = 1,
            s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IPasswordAuthenticator>(s, authenticator));
        await using (var client = await RawSmtpClient.ConnectTlsAsync(host.Port("smtps")))
        {
            await client.ExpectAsync("220 mx.test.mailgrid ESMTP MailGrid");
            await client.SendAsync("EHLO client.test\r\n");
            await client.ReadReplyAsync();
            Assert.Equal("535 5.7.8 Authentication credentials invalid", await client.CommandAsync($"AUTH PLAIN {SecureSmtpServerFixture.PlainResponse("carol", "no")}"));
            Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync($"AUTH PLAIN {SecureSmtpServerFixture.PlainResponse("carol", "pw")}"));

            await using var refused = await RawSmtpClient.ConnectTlsAsync(host.Port("smtps"));
            await refused.ExpectAsync("421 4.7.0 mx.test.mailgrid Error: too many connections");
        }

        Assert.Contains(measurements, m => m.Instrument == "mailgrid.smtp.tls.handshakes" && m.Tags is "tls.protocol=TLSv1.3" or "tls.protocol=TLSv1.2");
        Assert.Contains(("mailgrid.smtp.auth.attempts", "smtp.auth.mechanism=PLAIN,outcome=failure"), measurements);
        Assert.Contains(("mailgrid.smtp.auth.attempts", "smtp.auth.mechanism=PLAIN,outcome=success"), measurements);
        Assert.Contains(("mailgrid.smtp.connections.refused", "reason=max_connections_per_client"), measurements);
    }
}
