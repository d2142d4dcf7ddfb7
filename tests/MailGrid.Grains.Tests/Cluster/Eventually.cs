namespace MailGrid.Grains.Tests.Cluster;

/// <summary>Bounded polling for asynchronous outcomes (delivery loops run on grain timers).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; the timeout message names what was awaited and what was last seen.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds} s for {awaited}; last seen: {Describe(value)}");
            }

            await Task.Delay(20);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => string.Join("; ", items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
