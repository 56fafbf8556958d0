using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Ociman.Testing;
using Ociman.Testing.XunitV3.Logging;

namespace Ociman.Modules.Tests.Redis;

/// <summary>One log entry as it was written.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message);

/// <summary>A logger factory that keeps every entry (at every level) in memory.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Sends the shared engine's log to <paramref name="records"/> (and to the test output) until disposed; then only to the test output.</summary>
    public static IDisposable RecordEngineLog(RecordingLoggerFactory records)
    {
        var output = new XunitLoggerFactory();
        TestEngine.UseLoggerFactory(new Tee(records, output));
        return new Restore(output);
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Restore(ILoggerFactory output) : IDisposable
    {
        public void Dispose() => TestEngine.UseLoggerFactory(output);
    }

    private sealed class Tee(ILoggerFactory first, ILoggerFactory second) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Both(first.CreateLogger(categoryName), second.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Both(ILogger a, ILogger b) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => a.IsEnabled(logLevel) || b.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                a.Log(logLevel, eventId, state, exception, formatter);
                if (b.IsEnabled(logLevel))
                {
                    b.Log(logLevel, eventId, state, exception, formatter);
                }
            }
        }
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }
}
