namespace MailGrid.Grains.Queues;

public sealed partial class DomainQueueGrain
{
    // Debug: the message already had its Information line when it was accepted; what went wrong stays Information.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{MessageId} to {Domain}: {Delivered} delivered")]
    private static partial void LogDelivered(ILogger logger, string messageId, string domain, int delivered);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageId} to {Domain}: {Delivered} delivered, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string messageId, string domain, int delivered, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageId} to {Domain}: {Count} recipient(s) deferred for {Delay}: {Reason}")]
    private static partial void LogDeferred(ILogger logger, string messageId, string domain, int count, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery pass for {Domain} failed; retrying shortly")]
    private static partial void LogPassFailed(ILogger logger, string domain, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery worker for {Domain} failed; its batch stays queued")]
    private static partial void LogWorkerFailed(ILogger logger, string domain, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record delivery outcomes of {MessageId}")]
    private static partial void LogReportFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Domain} is unreachable; suspended for {Length}")]
    private static partial void LogSuspended(ILogger logger, string domain, TimeSpan length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Domain} paused by the administrator")]
    private static partial void LogPaused(ILogger logger, string domain);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Domain} resumed by the administrator")]
    private static partial void LogResumed(ILogger logger, string domain);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageId} to {Domain}: already final (delivered before a restart); not sent again")]
    private static partial void LogAlreadySettled(ILogger logger, string messageId, string domain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether {MessageId} was delivered already; it is sent as queued")]
    private static partial void LogSettledCheckFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The delivery journal note of {MessageId} could not be forgotten")]
    private static partial void LogForgetFailed(ILogger logger, string messageId, Exception exception);
}
