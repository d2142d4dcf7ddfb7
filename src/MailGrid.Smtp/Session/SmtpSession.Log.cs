using System.Net;
using Microsoft.Extensions.Logging;

namespace MailGrid.Smtp.Session;

internal sealed partial class SmtpSession
{
    // Debug: a connection per message is common, and the accepted line below names the client; Information would
    // double the lines per message.
    [LoggerMessage(1, LogLevel.Debug, "SMTP session {SessionId} from {RemoteEndPoint} on listener {Listener} (trusted: {Trusted})")]
    private partial void LogSessionStarted(string sessionId, IPEndPoint remoteEndPoint, string listener, bool trusted);

    [LoggerMessage(2, LogLevel.Debug, "SMTP session {SessionId} ended")]
    private partial void LogSessionEnded(string sessionId);

    [LoggerMessage(3, LogLevel.Debug, "SMTP session {SessionId}: client disconnected")]
    private partial void LogClientDisconnected(string sessionId);

    [LoggerMessage(4, LogLevel.Information, "SMTP session {SessionId}: closing on {Reason}")]
    private partial void LogReadCancelled(string sessionId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "SMTP session {SessionId}: {Errors} client errors, closing")]
    private partial void LogTooManyErrors(string sessionId, int errors);

    [LoggerMessage(6, LogLevel.Warning, "SMTP session {SessionId}: message handler failed at {Stage}")]
    private partial void LogHandlerFailed(Exception exception, string sessionId, string stage);

    /// <summary>The one Information line of an accepted message: who sent it from where, its id and size.</summary>
    private void LogMessageAccepted(string sessionId, string messageId, long bytes, int recipients)
    {
        if (Info.AuthenticatedUser is { } user)
        {
            LogMessageAcceptedFromUser(sessionId, Info.RemoteEndPoint, user, messageId, bytes, recipients);
        }
        else
        {
            LogMessageAcceptedFromClient(sessionId, Info.RemoteEndPoint, messageId, bytes, recipients);
        }
    }

    [LoggerMessage(7, LogLevel.Information, "SMTP session {SessionId} from {RemoteEndPoint}: message {MessageId} accepted, {Bytes} bytes, {Recipients} recipients")]
    private partial void LogMessageAcceptedFromClient(string sessionId, IPEndPoint remoteEndPoint, string messageId, long bytes, int recipients);

    [LoggerMessage(10, LogLevel.Information, "SMTP session {SessionId} from {RemoteEndPoint} as {User}: message {MessageId} accepted, {Bytes} bytes, {Recipients} recipients")]
    private partial void LogMessageAcceptedFromUser(string sessionId, IPEndPoint remoteEndPoint, string user, string messageId, long bytes, int recipients);

    [LoggerMessage(8, LogLevel.Information, "SMTP session {SessionId}: message {MessageId} rejected: {Reply}")]
    private partial void LogMessageRejected(string sessionId, string messageId, string reply);

    [LoggerMessage(9, LogLevel.Error, "SMTP session {SessionId} failed")]
    private partial void LogSessionFailed(Exception exception, string sessionId);
}
