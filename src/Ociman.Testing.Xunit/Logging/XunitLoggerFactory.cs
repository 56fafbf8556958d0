using Microsoft.Extensions.Logging;

namespace Ociman.Testing.Xunit;

/// <summary>A minimal <see cref="ILoggerFactory"/> over one or more providers (the adapter needs no logging package beyond the abstractions).</summary>
internal sealed class XunitLoggerFactory : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<ILoggerProvider> _providers = [];

    public XunitLoggerFactory(ILoggerProvider provider) => _providers.Add(provider);

    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _providers.Add(provider);
        }
    }

    public ILogger CreateLogger(string categoryName)
    {
        ILogger[] loggers;
        lock (_gate)
        {
            loggers = [.. _providers.Select(p => p.CreateLogger(categoryName))];
        }

        return loggers.Length == 1 ? loggers[0] : new FanOutLogger(loggers);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var provider in _providers)
            {
                provider.Dispose();
            }

            _providers.Clear();
        }
    }

    private sealed class FanOutLogger(ILogger[] loggers) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => loggers.Any(l => l.IsEnabled(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            foreach (var logger in loggers)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
