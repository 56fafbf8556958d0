using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>An <see cref="ILoggerProvider"/> that writes one line per message into a test's output or xUnit's diagnostic messages.</summary>
/// <remarks>
/// Lines look like <c>[  0.412s] info: Ociman.Engine[1200] Started container …</c>: the time since the provider was
/// created, the level, the category, the event id and the message, then the exception, if any, on the next lines.
/// Writing after the test has finished (a container log that arrives late) is dropped, not thrown. Add it to a
/// <c>LoggerFactory</c> of your own with <c>AddProvider</c>, or use <see cref="XunitLogging"/>.
/// </remarks>
public sealed class XunitLoggerProvider : ILoggerProvider
{
    private readonly Action<string> _write;
    private readonly LogLevel _minimumLevel;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates a provider writing to a test's output.</summary>
    /// <param name="output">The test's output helper.</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    public XunitLoggerProvider(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(output);
        _minimumLevel = minimumLevel;
        _write = line =>
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // "There is no currently active test": the test this output belongs to has finished.
            }
        };
    }

    /// <summary>Creates a provider writing xUnit diagnostic messages.</summary>
    /// <param name="diagnosticMessageSink">The sink xUnit passes to fixture constructors.</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    public XunitLoggerProvider(IMessageSink diagnosticMessageSink, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(diagnosticMessageSink);
        _minimumLevel = minimumLevel;
        _write = line => diagnosticMessageSink.OnMessage(new OcimanDiagnosticMessage(line));
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new XunitLogger(this, categoryName);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: the output helper and the sink belong to xUnit.
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

    private sealed class XunitLogger(XunitLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"[{provider._clock.Elapsed.TotalSeconds,7:0.000}s] {LevelName(logLevel)}: {category}")
                .Append(eventId.Id != 0 ? $"[{eventId.Id.ToString(CultureInfo.InvariantCulture)}]" : string.Empty)
                .Append(' ')
                .Append(formatter(state, exception));
            if (exception is not null)
            {
                line.AppendLine().Append(exception);
            }

            provider._write(line.ToString());
        }
    }
}
