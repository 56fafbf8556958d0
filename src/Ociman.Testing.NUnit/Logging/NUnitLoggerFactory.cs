using Microsoft.Extensions.Logging;

namespace Ociman.Testing.NUnit;

/// <summary>A minimal <see cref="ILoggerFactory"/> over <see cref="NUnitLoggerProvider"/> (and any providers added to it).</summary>
/// <remarks>
/// It needs only <c>Microsoft.Extensions.Logging.Abstractions</c>. Pass it to <see cref="ContainerFixtureBase.LoggerFactory"/>
/// or to <see cref="TestEngine.UseLoggerFactory"/> to see what the fixtures and the engine do in NUnit's output.
/// </remarks>
public sealed class NUnitLoggerFactory : ILoggerFactory
{
    private readonly Lock _gate = new();
    private ILoggerProvider[] _providers;

    /// <summary>Creates a factory that writes messages at <paramref name="minimumLevel"/> or above to <paramref name="output"/>.</summary>
    public NUnitLoggerFactory(LogLevel minimumLevel = LogLevel.Information, NUnitLogOutput output = NUnitLogOutput.Out)
    {
        _providers = [new NUnitLoggerProvider(minimumLevel, output)];
    }

    /// <inheritdoc />
    /// <remarks>Loggers created from then on also write to <paramref name="provider"/>.</remarks>
    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _providers = [.. _providers, provider];
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        var providers = _providers;
        return providers.Length == 1
            ? providers[0].CreateLogger(categoryName)
            : new FanOutLogger([.. providers.Select(p => p.CreateLogger(categoryName))]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
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
