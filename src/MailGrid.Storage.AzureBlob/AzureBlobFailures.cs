using System.Net;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace MailGrid.Storage.AzureBlob;

/// <summary>
/// Turns Azure SDK failures into <see cref="StorageUnavailableException"/>, so the SMTP side answers 451 and never 250.
/// Transient failures (5xx, 408, 429, network) are expected during outages and logged quietly; other rejections
/// (403 bad credentials, 400 bad request) point at configuration and are logged as errors.
/// </summary>
internal sealed partial class AzureBlobFailures(ILogger logger, Action containerMissing)
{
    /// <summary>True for what the SDK throws when the service fails or cannot be reached.</summary>
    public static bool IsStorageFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException => true,

        // The SDK's own per-try timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static bool IsNotFound(RequestFailedException exception) => exception.Status == (int)HttpStatusCode.NotFound;

    public StorageUnavailableException Map(string operation, string key, Exception exception)
    {
        if (exception is RequestFailedException failed && !IsTransient(failed.Status))
        {
            if (failed.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                // Someone deleted the container: create it again on the next upload.
                containerMissing();
            }

            LogRejected(operation, key, failed.Status, failed.ErrorCode, exception);
        }
        else
        {
            LogUnavailable(operation, key, exception.Message);
        }

        return new StorageUnavailableException($"Azure Blob Storage: cannot {operation} blob '{key}'.", exception);
    }

    /// <summary>Status 0 is a request that got no response (connection refused, reset, DNS).</summary>
    private static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    [LoggerMessage(Level = LogLevel.Error, Message = "Azure Blob Storage rejected {Operation} of blob '{Key}' with {Status} {ErrorCode}")]
    private partial void LogRejected(string operation, string key, int status, string? errorCode, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Azure Blob Storage unavailable for {Operation} of blob '{Key}': {Reason}")]
    private partial void LogUnavailable(string operation, string key, string reason);
}
