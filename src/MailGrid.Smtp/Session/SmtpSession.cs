using System.Diagnostics;
using System.IO.Pipelines;
using MailGrid.Net.Connections;
using MailGrid.Smtp.Protocol;
using MailGrid.Smtp.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailGrid.Smtp.Session;

/// <summary>
/// One SMTP conversation: read a line, parse it, check it against <see cref="SmtpStateTable"/>, run it.
/// Never throws: disconnects end it quietly, timeouts and shutdown end it with a 421.
/// </summary>
internal sealed partial class SmtpSession : IAsyncDisposable
{
    private readonly SmtpServerOptions _options;
    private readonly ISmtpMessageHandler _handler;
    private readonly SmtpTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReadDeadline _deadline;
    private readonly SmtpReplyWriter _replies;
    private readonly LineReader _lines;
    private readonly CancellationToken _aborted;

    private SmtpSessionState _state = SmtpSessionState.Connected;
    private SmtpTransaction? _transaction;
    private Activity? _transactionActivity;
    private int _errors;
    private bool _closing;

    public SmtpSession(
        IDuplexPipe transport, SmtpSessionInfo info, ISmtpMessageHandler handler, SmtpServerOptions options, SmtpTelemetry telemetry,
        TimeProvider time, ILogger logger, CancellationToken closeRequested, CancellationToken aborted)
    {
        Info = info;
        _handler = handler;
        _options = options;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _aborted = aborted;
        _deadline = new ReadDeadline(time, options.ShutdownDrainTimeout, options.MaxSessionDuration, closeRequested);
        _replies = new SmtpReplyWriter(transport.Output);
        _lines = new LineReader(transport.Input, _replies, _deadline, options.MaxCommandLineLength, SmtpLineLimits.MaxAuthLineLength, SmtpLineLimits.IsAuthCommand);
    }

    public SmtpSessionInfo Info { get; }

    private string Hostname => _options.Hostname;

    public async Task RunAsync()
    {
        _telemetry.SessionStarted();
        using var activity = _telemetry.ActivitySource.StartActivity("smtp.session", ActivityKind.Server);
        activity?.SetTag("smtp.session_id", Info.SessionId);
        activity?.SetTag("client.address", Info.RemoteEndPoint.Address.ToString());
        activity?.SetTag("smtp.listener", Info.ListenerName);
        LogSessionStarted(Info.SessionId, Info.RemoteEndPoint, Info.ListenerName, Info.IsTrustedClient);
        try
        {
            await OpenAsync();
            while (!_closing)
            {
                _deadline.InTransaction = _transaction is not null;
                var outcome = await _lines.ReadLineAsync(_options.CommandTimeout);
                if (outcome == LineReader.Outcome.EndOfInput)
                {
                    LogClientDisconnected(Info.SessionId);
                    return;
                }

                if (outcome == LineReader.Outcome.TooLong)
                {
                    ReplyError(SmtpReplies.LineTooLong);
                    continue;
                }

                await ExecuteAsync(SmtpCommandParser.Parse(_lines.Line));
                await ReleaseAbandonedChunksAsync();
            }

            await _replies.FlushAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) when (!_aborted.IsCancellationRequested)
        {
            var shutdown = _deadline.CloseRequested;
            LogReadCancelled(Info.SessionId, shutdown ? "shutdown" : "timeout");
            await TryReplyAndFlushAsync(shutdown ? SmtpReplies.ShuttingDown(Hostname) : SmtpReplies.Timeout(Hostname));
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            LogClientDisconnected(Info.SessionId);
        }
        catch (Exception ex)
        {
            LogSessionFailed(ex, Info.SessionId);
            await TryReplyAndFlushAsync(new SmtpResponse(421, "4.3.0", $"{Hostname} Error: internal error, closing channel"));
        }
        finally
        {
            EndTransaction();
            await ReleaseAbandonedChunksAsync();
            _telemetry.SessionEnded();
            LogSessionEnded(Info.SessionId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _deadline.Dispose();
        await DisposeTlsAsync();
        _lines.Dispose();
    }

    private async ValueTask ExecuteAsync(SmtpCommand command)
    {
        _telemetry.Command(command.Name);
        if (command.Verb == SmtpVerb.Unknown)
        {
            ReplyError(SmtpReplies.UnknownCommand);
            return;
        }

        if (command.Verb == SmtpVerb.Bdat)
        {
            // BDAT checks its own sequence: a refused chunk must still be read.
            await ChunkAsync(command);
            return;
        }

        if (SmtpStateTable.Check(_state, command.Verb) is { } outOfSequence)
        {
            ReplyError(outOfSequence);
            return;
        }

        if (command.SyntaxError is not null)
        {
            ReplyError(SmtpReplies.Syntax(command.SyntaxError));
            return;
        }

        if (RefusedBeforeAuth(command) is { } authRequired)
        {
            ReplyError(authRequired);
            return;
        }

        switch (command.Verb)
        {
            case SmtpVerb.Ehlo or SmtpVerb.Helo:
                Hello(command);
                break;
            case SmtpVerb.Mail:
                await MailAsync(command);
                break;
            case SmtpVerb.Rcpt:
                await RecipientAsync(command);
                break;
            case SmtpVerb.Data:
                await DataAsync();
                break;
            case SmtpVerb.Rset:
                ResetTransaction();
                Reply(SmtpReplies.Ok);
                break;
            case SmtpVerb.Noop:
                Reply(SmtpReplies.Ok);
                break;
            case SmtpVerb.Vrfy:
                Reply(SmtpReplies.Vrfy);
                break;
            case SmtpVerb.Expn:
                Reply(SmtpReplies.Expn);
                break;
            case SmtpVerb.Help:
                Reply(SmtpReplies.Help);
                break;
            case SmtpVerb.StartTls:
                await StartTlsAsync(command);
                break;
            case SmtpVerb.Auth:
                await AuthAsync(command);
                break;
            case SmtpVerb.Quit:
                Reply(SmtpReplies.Bye);
                _closing = true;
                break;
        }
    }

    private void Reply(SmtpResponse response) => _replies.Write(response);

    /// <summary>Answers a client mistake; after <see cref="SmtpServerOptions.MaxErrors"/> of them the session ends.</summary>
    private void ReplyError(SmtpResponse response)
    {
        _replies.Write(response);
        if (++_errors >= _options.MaxErrors)
        {
            LogTooManyErrors(Info.SessionId, _errors);
            _replies.Write(SmtpReplies.TooManyErrors(Hostname));
            _closing = true;
        }
    }

    private async ValueTask TryReplyAndFlushAsync(SmtpResponse response)
    {
        try
        {
            _replies.Write(response);
            await _replies.FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            LogClientDisconnected(Info.SessionId);
        }
    }

    private bool IsDisconnect(Exception ex) =>
        ex is IOException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException ||
        (ex is OperationCanceledException && _aborted.IsCancellationRequested);
}
