using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Ociman.Testing;

/// <summary>An <see cref="ILoggerProvider"/> that writes each message as one line of text through a delegate.</summary>
/// <remarks>
/// The test framework adapters derive from it to write into their framework's output. Lines look like
/// <c>[  0.412s] info: Ociman.Command[1000] Running docker ps</c>, with the exception (if any) on the following lines;
/// the time is measured from the provider's creation. Needs only <c>Microsoft.Extensions.Logging.Abstractions</c>.
/// </remarks>
public class TextLoggerProvider : ILoggerProvider
{
    private readonly Action<string> _writeLine;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates a provider that hands every line at or above <paramref name="minimumLevel"/> to <paramref name="writeLine"/>.</summary>
    public TextLoggerProvider(Action<string> writeLine, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(writeLine);
        _writeLine = writeLine;
        MinimumLevel = minimumLevel;
    }

    /// <summary>The lowest level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new TextLogger(this, categoryName);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived provider holds; the base holds nothing.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Formats one message as the provider writes it.</summary>
    public static string FormatLine(TimeSpan elapsed, LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,7:0.000}s] {LevelName(level)}: {category}")
            .Append(eventId.Id != 0 ? $"[{eventId.Id.ToString(CultureInfo.InvariantCulture)}]" : string.Empty)
            .Append(' ')
            .Append(message);
        if (exception is not null)
        {
            line.AppendLine().Append(exception);
        }

        return line.ToString();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };

    private sealed class TextLogger(TextLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                provider._writeLine(FormatLine(provider._clock.Elapsed, logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>An <see cref="ILoggerFactory"/> over a list of providers, needing only <c>Microsoft.Extensions.Logging.Abstractions</c>.</summary>
public class TextLoggerFactory : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<ILoggerProvider> _providers = [];

    /// <summary>Creates a factory whose loggers write to every one of <paramref name="providers"/>.</summary>
    public TextLoggerFactory(params IEnumerable<ILoggerProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers.AddRange(providers);
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
        ILogger[] loggers;
        lock (_gate)
        {
            loggers = [.. _providers.Select(p => p.CreateLogger(categoryName))];
        }

        return loggers.Length == 1 ? loggers[0] : new FanOutLogger(loggers);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the providers.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

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
