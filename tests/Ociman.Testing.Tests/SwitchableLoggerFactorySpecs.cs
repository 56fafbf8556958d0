using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Ociman.Testing.Logging;

namespace Ociman.Testing.Tests;

// The shared engine is built at the first probe (often at test discovery) with this factory: a logger made then must
// write to whatever factory the test run chooses later.
public class SwitchableLoggerFactorySpecs
{
    [Fact]
    public void A_logger_made_before_the_switch_writes_to_the_factory_chosen_after_it()
    {
        using var switchable = new SwitchableLoggerFactory();
        var logger = switchable.CreateLogger("Ociman.Engine");
        Write(logger, LogLevel.Information, "before any factory");
        var first = new Recording(LogLevel.Debug);
        var second = new Recording(LogLevel.Warning);

        switchable.Target = first;
        Write(logger, LogLevel.Debug, "to the first");
        switchable.Target = second;
        Write(logger, LogLevel.Debug, "filtered by the second");
        Write(logger, LogLevel.Warning, "to the second");

        Assert.Equal(["Ociman.Engine: to the first"], first.Lines);
        Assert.Equal(["Ociman.Engine: to the second"], second.Lines);
        Assert.False(logger.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void A_null_target_is_refused()
    {
        using var switchable = new SwitchableLoggerFactory();

        Assert.Throws<ArgumentNullException>(() => switchable.Target = null!);
    }

    private static void Write(ILogger logger, LogLevel level, string text) => logger.Log(level, default, text, null, (s, _) => s);

    private sealed class Recording(LogLevel minimum) : ILoggerFactory
    {
        public LogLevel Minimum { get; } = minimum;

        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private sealed class Logger(Recording owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Lines.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
