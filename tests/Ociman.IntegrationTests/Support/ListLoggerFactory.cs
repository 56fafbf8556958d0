using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ociman.IntegrationTests.Support;

/// <summary>One recorded log event.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>An <see cref="ILoggerFactory"/> that records every event, at every level, in a list.</summary>
public sealed class ListLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Raised for every event as it is logged (on the logging thread).</summary>
    public event Action<LogEntry>? Logged;

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Record(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Logged?.Invoke(entry);
    }

    private sealed class ListLogger(string category, ListLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Record(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
