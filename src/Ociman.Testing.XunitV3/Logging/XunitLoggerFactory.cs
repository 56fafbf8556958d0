using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>A logger factory over <see cref="XunitLoggerProvider"/>, for <see cref="ContainerFixtureBase.LoggerFactory"/> and <see cref="TestEngine.UseLoggerFactory"/>.</summary>
/// <remarks>
/// To see every engine command in the output of the test that ran it, call
/// <c>TestEngine.UseLoggerFactory(new XunitLoggerFactory(minimumLevel: LogLevel.Debug))</c> before the first fixture
/// starts (for example in a <c>[ModuleInitializer]</c>).
/// </remarks>
public sealed class XunitLoggerFactory : ILoggerFactory
{
    private readonly List<ILoggerProvider> _providers = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a factory that writes into xUnit (see <see cref="XunitLoggerProvider"/>).</summary>
    /// <param name="messageSink">Where messages logged outside a test go; null for the current context's diagnostic messages.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerFactory(IMessageSink? messageSink = null, LogLevel minimumLevel = LogLevel.Information)
    {
        _providers.Add(new XunitLoggerProvider(messageSink, minimumLevel));
    }

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _providers.Add(provider);
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        lock (_gate)
        {
            var loggers = _providers.Select(p => p.CreateLogger(categoryName)).ToArray();
            return loggers.Length == 1 ? loggers[0] : new FanOutLogger(loggers);
        }
    }

    /// <inheritdoc />
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
