using System.Diagnostics.Metrics;

namespace MailGrid.Smtp.Telemetry;

/// <summary>
/// TLS, AUTH and connection-limit instruments. They live on the same "MailGrid.Smtp" meter as
/// <see cref="SmtpTelemetry"/> (the meter factory hands out one meter per name).
/// </summary>
internal sealed class SmtpSecurityTelemetry
{
    private readonly Counter<long> _handshakes;
    private readonly Counter<long> _handshakeFailures;
    private readonly Counter<long> _auth;
    private readonly Counter<long> _refused;

    public SmtpSecurityTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SmtpTelemetry.Name);
        _handshakes = meter.CreateCounter<long>("mailgrid.smtp.tls.handshakes", "{handshake}", "Completed TLS handshakes (STARTTLS or implicit), by protocol.");
        _handshakeFailures = meter.CreateCounter<long>("mailgrid.smtp.tls.handshake_failures", "{handshake}", "TLS handshakes that failed.");
        _auth = meter.CreateCounter<long>("mailgrid.smtp.auth.attempts", "{attempt}", "AUTH exchanges that reached a verdict, by mechanism and outcome.");
        _refused = meter.CreateCounter<long>("mailgrid.smtp.connections.refused", "{connection}", "Connections answered 421 at accept, by reason.");
    }

    public void Handshake(string protocol) => _handshakes.Add(1, new KeyValuePair<string, object?>("tls.protocol", protocol));

    public void HandshakeFailed() => _handshakeFailures.Add(1);

    public void Auth(string mechanism, bool success) => _auth.Add(
        1, new KeyValuePair<string, object?>("smtp.auth.mechanism", mechanism), new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
