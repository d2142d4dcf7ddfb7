namespace MailGrid.EndToEnd.Tests;

/// <summary>Waits for a condition that another process makes true, with a deadline that says what was awaited.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        Exception? lastError = null;
        do
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}." + (lastError is null ? "" : $" Last error: {lastError.Message}"));
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
        => ValueAsync(() => Task.FromResult(condition()), ok => ok, timeout, what);
}
