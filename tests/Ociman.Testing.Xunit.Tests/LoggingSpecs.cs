using Microsoft.Extensions.Logging;

// These tests call the logger the plainest way on purpose: source-generated messages would hide what is tested.
#pragma warning disable CA1848

namespace Ociman.Testing.Xunit.Tests;

public sealed class LoggingSpecs(ITestOutputHelper output)
{
    private sealed class RecordingOutput : ITestOutputHelper
    {
        public List<string> Lines { get; } = [];

        public void WriteLine(string message) => Lines.Add(message);

        public void WriteLine(string format, params object[] args) => Lines.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }

    private sealed class RecordingSink : global::Xunit.LongLivedMarshalByRefObject, IMessageSink
    {
        public List<string> Messages { get; } = [];

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                lock (Messages)
                {
                    Messages.Add(diagnostic.Message);
                }
            }

            return true;
        }
    }

    private sealed class DeadOutput : ITestOutputHelper
    {
        public void WriteLine(string message) => throw new InvalidOperationException("There is no currently active test.");

        public void WriteLine(string format, params object[] args) => throw new InvalidOperationException("There is no currently active test.");
    }

    [Fact]
    public void A_logger_writes_level_category_event_id_message_and_exception_into_the_test_output()
    {
        var recorded = new RecordingOutput();
        using var factory = XunitLogging.CreateLoggerFactory(recorded, LogLevel.Debug);
        var logger = factory.CreateLogger("Ociman.Fixture");

        logger.LogDebug(new EventId(1200, "Started"), "Started container {Id}", "abc123");
        logger.LogTrace("below the minimum level");
        logger.LogError(new InvalidOperationException("it broke"), "Stop failed");

        Assert.Equal(2, recorded.Lines.Count);
        Assert.Matches(@"^\[\s*\d+\.\d{3}s\] dbug: Ociman\.Fixture\[1200\] Started container abc123$", recorded.Lines[0]);
        Assert.StartsWith("[", recorded.Lines[1]);
        Assert.Contains("fail: Ociman.Fixture Stop failed", recorded.Lines[1]);
        Assert.Contains("System.InvalidOperationException: it broke", recorded.Lines[1]);
    }

    [Fact]
    public void The_minimum_level_defaults_to_information()
    {
        var recorded = new RecordingOutput();
        using var factory = XunitLogging.CreateLoggerFactory(recorded);
        var logger = factory.CreateLogger("c");

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.True(logger.IsEnabled(LogLevel.Information));
        logger.LogDebug("hidden");
        logger.LogInformation("shown");
        Assert.EndsWith("] info: c shown", Assert.Single(recorded.Lines));
    }

    [Fact]
    public void Writing_after_the_test_finished_is_dropped_not_thrown()
    {
        using var factory = XunitLogging.CreateLoggerFactory(new DeadOutput());

        var thrown = Record.Exception(() => factory.CreateLogger("late").LogInformation("after the test"));

        Assert.Null(thrown);
    }

    [Fact]
    public void A_logger_on_a_message_sink_writes_diagnostic_messages_and_a_second_provider_gets_them_too()
    {
        var sink = new RecordingSink();
        var recorded = new RecordingOutput();
        using var factory = XunitLogging.CreateLoggerFactory(sink);
        factory.AddProvider(new XunitLoggerProvider(recorded));

        factory.CreateLogger("Ociman.Fixture").LogWarning("careful");

        Assert.Contains("warn: Ociman.Fixture careful", Assert.Single(sink.Messages));
        Assert.Contains("warn: Ociman.Fixture careful", Assert.Single(recorded.Lines));
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_fixture_built_with_the_message_sink_uses_it_as_its_logger_factory()
    {
        var sink = new RecordingSink();
        await using var fixture = new SleeperFixture(sink);
        fixture.LoggerFactory.CreateLogger("probe").LogInformation("routed");

        await fixture.StartAsync();
        output.WriteLine($"started {fixture.Container.Id} in {fixture.StartupTime}");

        Assert.Contains(sink.Messages, m => m.EndsWith("info: probe routed", StringComparison.Ordinal));
        Assert.Equal("running", await fixture.Container.GetStateAsync());
    }
}
