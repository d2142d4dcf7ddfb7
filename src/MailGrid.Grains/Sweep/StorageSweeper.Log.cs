namespace MailGrid.Grains.Sweep;

public sealed partial class StorageSweeper
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Storage sweep removed {Blobs} orphaned blob(s), {Uploads} abandoned upload(s) and {Records} expired record(s); {Checked} blob(s) checked in {DurationMs:F0} ms")]
    private static partial void LogRemoved(ILogger logger, int blobs, int uploads, int records, int @checked, double durationMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage sweep removed nothing; {Checked} blob(s) checked in {DurationMs:F0} ms")]
    private static partial void LogNothingRemoved(ILogger logger, int @checked, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage sweep: the {Step} step failed; the next pass tries again")]
    private static partial void LogStepFailed(ILogger logger, string step, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage sweep could not expire {MessageId} (and maybe others of this pass); the next pass tries again")]
    private static partial void LogExpiryFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage sweep could not check or delete blob {Key} (and maybe others of this page); the page is read again next pass")]
    private static partial void LogBlobFailed(ILogger logger, string key, Exception exception);
}
