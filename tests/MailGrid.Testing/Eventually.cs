namespace MailGrid.Testing;

/// <summary>
/// Bounded polling for outcomes another process or a grain timer brings about. The timeout message names
/// what was awaited and what was last seen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds.</summary>
    public static Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null)
        => ValueAsync(probe, done, timeout ?? DefaultTimeout, awaited);

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="done"/> holds. Transient I/O failures of the probe
    /// (a server restarting, a silo dying) count as "not yet".
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string awaited)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastSeen = "nothing";
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }

                lastSeen = Describe(value);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                lastSeen = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {awaited}; last seen: {lastSeen}");
            }

            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string awaited)
        => ValueAsync(() => Task.FromResult(condition()), ok => ok, timeout, awaited);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => string.Join("; ", items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
