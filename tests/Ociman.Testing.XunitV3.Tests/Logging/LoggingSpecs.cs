using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Ociman.Testing.XunitV3.Logging;
using Ociman.Testing.XunitV3.Tests.Support;
using Xunit.Sdk;
using Xunit.v3;

namespace Ociman.Testing.XunitV3.Tests.Logging;

public sealed class LoggingSpecs
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_fixture_started_inside_a_test_logs_its_lifecycle_into_that_tests_output()
    {
        await using var fixture = new DirectFixture(definition => new ContainerSetup(definition).WaitFor(Ready.ExecSucceeds("true")));

        await fixture.InitializeAsync();

        var output = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains("info: Ociman.Testing.Fixture[2010] DirectFixture: starting ociman-test/busybox:", output, StringComparison.Ordinal);
        Assert.Contains($"DirectFixture: container {fixture.Container.ShortId} ready in", output, StringComparison.Ordinal);
        await fixture.DisposeAsync();
        await fixture.AssertNothingLeftAsync(TestContext.Current.CancellationToken);
    }

    // [ContainerFact] probes the engine at discovery, before a test can choose a logger: one chosen later still gets
    // the engine's commands (the engine keeps its loggers; they write to the factory given last).
    [ContainerFact(Timeout = 120_000)]
    public async Task The_engines_commands_reach_the_test_output_with_a_logger_chosen_after_the_first_probe()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        using var factory = new XunitLoggerFactory(minimumLevel: LogLevel.Debug);
        var previous = TestEngine.CurrentLoggerFactory;

        TestEngine.UseLoggerFactory(factory);
        try
        {
            Assert.False(await engine.ImageExistsAsync(ImageReference.Parse("ociman-test/logger-after-probe:absent"), cancellationToken));
        }
        finally
        {
            TestEngine.UseLoggerFactory(previous);
        }

        Assert.Contains("ociman-test/logger-after-probe:absent", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    // Nobody in this assembly chooses a logger for the engine: the adapter routes the engine's log into the output of
    // the test that caused it, at OCIMAN_TEST_LOG_LEVEL (default Information: e.g. containers started).
    [ContainerFact(Timeout = 120_000)]
    public async Task Without_a_chosen_logger_the_engines_work_shows_in_the_output_of_the_test_that_caused_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);

        string id;
        await using (var container = await engine.RunDetachedAsync(SleeperFixture.Sleeper(await Ociman.Images.OfflineImages.BusyBoxAsync(engine, cancellationToken)), cancellationToken))
        {
            id = container.ShortId;
        }

        var output = TestContext.Current.TestOutputHelper!.Output;
        if (TestEngine.AdapterLogLevel() <= LogLevel.Information)
        {
            Assert.Contains("Started container " + id, output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(id, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Messages_logged_outside_a_test_go_to_the_message_sink()
    {
        var sink = new RecordingSink();
        using var factory = new XunitLoggerFactory(sink, LogLevel.Debug);
        var logger = factory.CreateLogger("Ociman.Test");

        // No test context flows into this task: it stands for fixture startup, which runs outside any test.
        Task outside;
        using (ExecutionContext.SuppressFlow())
        {
            outside = Task.Run(() => Write(logger, LogLevel.Debug, "logged outside a test"), TestContext.Current.CancellationToken);
        }

        await outside;
        Write(logger, LogLevel.Trace, "below the minimum level");

        var message = Assert.Single(sink.Messages);
        Assert.Contains("] dbug: Ociman.Test[1] logged outside a test", message, StringComparison.Ordinal);
        Assert.DoesNotContain("logged outside a test", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_logged_inside_a_test_go_to_its_output_not_the_sink()
    {
        var sink = new RecordingSink();
        using var factory = new XunitLoggerFactory(sink);

        Write(factory.CreateLogger("Ociman.Test"), LogLevel.Warning, "inside the test");

        Assert.Empty(sink.Messages);
        Assert.Contains("] warn: Ociman.Test[1] inside the test", TestContext.Current.TestOutputHelper!.Output, StringComparison.Ordinal);
    }

    private static void Write(ILogger logger, LogLevel level, string text) =>
        logger.Log(level, new EventId(1), text, null, (state, _) => state);

    private sealed class RecordingSink : IMessageSink
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                Messages.Enqueue(diagnostic.Message);
            }

            return true;
        }
    }
}
