using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Tests.Infrastructure;

/// <summary>An options monitor over one fixed value (what a configuration that never changes gives).</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
