using Microsoft.Extensions.Logging;

namespace MailGrid.Delivery;

public sealed partial class SmtpDeliveryAgent
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {MessageId} via {Hop} failed during the transaction: {Reason}")]
    private static partial void LogConnectionTrouble(ILogger logger, string hop, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery of {MessageId}: next hop {Hop} skipped: {Reason}")]
    private static partial void LogHopSkipped(ILogger logger, string messageId, string hop, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery of {MessageId} to {Domain}: no next hop: {Reason}")]
    private static partial void LogNoRoute(ILogger logger, string messageId, string domain, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Body of {MessageId} could not be read from storage")]
    private static partial void LogStorageTrouble(ILogger logger, string messageId, Exception exception);
}
