using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>Writes log messages into xUnit v3: the running test's output, else diagnostic messages.</summary>
/// <remarks>
/// Each message goes to <see cref="TestContext.TestOutputHelper"/> of the test running on the logging thread, so it
/// appears with that test's result. Outside a test (fixture startup and disposal) it goes to the
/// <see cref="IMessageSink"/> given to the constructor, or else to <see cref="TestContext.SendDiagnosticMessage(string)"/>;
/// runners show those with <c>"diagnosticMessages": true</c> in <c>xunit.runner.json</c>.
/// </remarks>
public sealed class XunitLoggerProvider : ILoggerProvider
{
    private readonly IMessageSink? _messageSink;
    private readonly LogLevel _minimumLevel;

    /// <summary>Creates a provider.</summary>
    /// <param name="messageSink">Where messages logged outside a test go; null for the current context's diagnostic messages.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerProvider(IMessageSink? messageSink = null, LogLevel minimumLevel = LogLevel.Information)
    {
        _messageSink = messageSink;
        _minimumLevel = minimumLevel;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return new XunitLogger(categoryName, _messageSink, _minimumLevel);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class XunitLogger(string category, IMessageSink? messageSink, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss.fff} {Abbreviate(logLevel)}] {category}: {formatter(state, exception)}");
            if (exception is not null)
            {
                text.AppendLine().Append(exception);
            }

            Write(text.ToString());
        }

        private void Write(string text)
        {
            var context = TestContext.Current;
            if (context.TestState is null && context.TestOutputHelper is { } output)
            {
                try
                {
                    output.WriteLine(text);
                    return;
                }
                catch (InvalidOperationException)
                {
                    // The test finished between the check and the write: fall through to the diagnostic messages.
                }
            }

            if (messageSink is not null)
            {
                messageSink.OnMessage(new DiagnosticMessage(text));
            }
            else
            {
                context.SendDiagnosticMessage(text);
            }
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
