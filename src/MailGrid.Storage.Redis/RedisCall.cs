using StackExchange.Redis;

namespace MailGrid.Storage.Redis;

/// <summary>Turns "Redis could not be reached" into <see cref="StorageUnavailableException"/>.</summary>
internal static class RedisCall
{
    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new StorageUnavailableException($"Redis unavailable: {ex.Message}", ex);
        }
        catch (RedisServerException ex) when (IsTransient(ex))
        {
            throw new StorageUnavailableException($"Redis refused the write: {ex.Message}", ex);
        }
    }

    /// <summary>Server replies that mean "not now" rather than "bad command".</summary>
    private static bool IsTransient(RedisServerException ex) =>
        ex.Message.StartsWith("LOADING", StringComparison.Ordinal)
        || ex.Message.StartsWith("READONLY", StringComparison.Ordinal)
        || ex.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || ex.Message.StartsWith("MISCONF", StringComparison.Ordinal)
        || ex.Message.StartsWith("OOM", StringComparison.Ordinal)
        || ex.Message.StartsWith("BUSY", StringComparison.Ordinal);
}
