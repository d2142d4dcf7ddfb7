using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MailGrid.Smtp.Telemetry;

/// <summary>
/// The engine's traces and metrics, both named "MailGrid.Smtp": a span per session ("smtp.session") and per
/// mail transaction ("smtp.transaction"); counters listed below.
/// </summary>
internal sealed class SmtpTelemetry
{
    public const string Name = "MailGrid.Smtp";

    private readonly Counter<long> _connections;
    private readonly UpDownCounter<long> _activeSessions;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _messagesAccepted;
    private readonly Counter<long> _messagesRejected;
    private readonly Counter<long> _bytesReceived;

    public SmtpTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _connections = meter.CreateCounter<long>("mailgrid.smtp.connections", "{connection}", "SMTP connections accepted.");
        _activeSessions = meter.CreateUpDownCounter<long>("mailgrid.smtp.sessions.active", "{session}", "SMTP sessions in progress.");
        _commands = meter.CreateCounter<long>("mailgrid.smtp.commands", "{command}", "SMTP commands received, by verb.");
        _messagesAccepted = meter.CreateCounter<long>("mailgrid.smtp.messages.accepted", "{message}", "Messages committed by the handler.");
        _messagesRejected = meter.CreateCounter<long>("mailgrid.smtp.messages.rejected", "{message}", "Messages refused at the end of DATA, by reply code.");
        _bytesReceived = meter.CreateCounter<long>("mailgrid.smtp.bytes_received", "By", "Message body bytes received (after dot-unstuffing).");
    }

    public ActivitySource ActivitySource { get; } = new(Name);

    public void SessionStarted()
    {
        _connections.Add(1);
        _activeSessions.Add(1);
    }

    public void SessionEnded() => _activeSessions.Add(-1);

    public void Command(string verb) => _commands.Add(1, new KeyValuePair<string, object?>("smtp.command", verb));

    public void MessageAccepted() => _messagesAccepted.Add(1);

    public void MessageRejected(int code) => _messagesRejected.Add(1, new KeyValuePair<string, object?>("smtp.reply_code", code));

    public void BytesReceived(long bytes) => _bytesReceived.Add(bytes);
}
