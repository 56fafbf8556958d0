using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ociman.Testing.Logging;

/// <summary>
/// A logger factory whose target can be changed after loggers were created from it: the shared engine is built with
/// this one at the first probe (often at test discovery, before a test can choose a logger), and every logger it made
/// writes to the factory most recently given to <see cref="TestEngine.UseLoggerFactory"/>.
/// </summary>
internal sealed class SwitchableLoggerFactory : ILoggerFactory
{
    private volatile ILoggerFactory _target = NullLoggerFactory.Instance;

    /// <summary>The factory the loggers write to now.</summary>
    public ILoggerFactory Target
    {
        get => _target;
        set => _target = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new SwitchableLogger(this, categoryName);

    /// <inheritdoc />
    /// <remarks>Added to the current target only.</remarks>
    public void AddProvider(ILoggerProvider provider) => _target.AddProvider(provider);

    /// <inheritdoc />
    /// <remarks>The targets belong to whoever gave them; nothing is disposed here.</remarks>
    public void Dispose()
    {
    }

    // Resolves the target's logger for its category once per target: a switch is seen by the next log call.
    private sealed class SwitchableLogger(SwitchableLoggerFactory owner, string category) : ILogger
    {
        private volatile Resolved? _current;

        private ILogger Current
        {
            get
            {
                var target = owner._target;
                var current = _current;
                if (current is not null && ReferenceEquals(current.Factory, target))
                {
                    return current.Logger;
                }

                var logger = target.CreateLogger(category);
                _current = new Resolved(target, logger);
                return logger;
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Current.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Current.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Current.Log(logLevel, eventId, state, exception, formatter);

        private sealed record Resolved(ILoggerFactory Factory, ILogger Logger);
    }
}
