using System.Globalization;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>Where <see cref="NUnitLoggerProvider"/> writes.</summary>
public enum NUnitLogOutput
{
    /// <summary><see cref="TestContext.Out"/>: the output of the test or fixture that is running when the message is logged.</summary>
    Out,

    /// <summary><see cref="TestContext.Progress"/>: shown at once by the runner, not attached to a test.</summary>
    Progress,
}

/// <summary>An <see cref="ILoggerProvider"/> that writes log messages into NUnit's output.</summary>
/// <remarks>
/// The writer is looked up for every message, so a message logged while a test (or a fixture's
/// <c>OneTimeSetUp</c>) runs is attached to that test's output. Each message is one line:
/// <c>[level] category: message</c>, followed by the exception when there is one.
/// </remarks>
public sealed class NUnitLoggerProvider : ILoggerProvider
{
    /// <summary>Creates a provider that writes messages at <paramref name="minimumLevel"/> or above to <paramref name="output"/>.</summary>
    public NUnitLoggerProvider(LogLevel minimumLevel = LogLevel.Information, NUnitLogOutput output = NUnitLogOutput.Out)
    {
        MinimumLevel = minimumLevel;
        Output = output;
    }

    /// <summary>The lowest level written.</summary>
    public LogLevel MinimumLevel { get; }

    /// <summary>Where messages go.</summary>
    public NUnitLogOutput Output { get; }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new NUnitLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing to release: NUnit owns its writers.
    }

    private TextWriter Writer => Output == NUnitLogOutput.Progress ? TestContext.Progress : TestContext.Out;

    private sealed class NUnitLogger(NUnitLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(CultureInfo.InvariantCulture, $"[{Abbreviate(logLevel)}] {category}: {formatter(state, exception)}");
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }

            provider.Writer.WriteLine(line);
        }

        private static string Abbreviate(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
