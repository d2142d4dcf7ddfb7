using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MailGrid.Smtp.Tests.Infrastructure;

/// <summary>Keeps every log entry at Error (or the given level) or above, so tests can assert that nothing escaped a session.</summary>
public sealed class ErrorLogCollector(LogLevel minimum = LogLevel.Error) : ILoggerProvider
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public LogLevel Minimum => minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
