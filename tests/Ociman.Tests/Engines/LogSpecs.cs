using Microsoft.Extensions.Logging;
using Ociman.Logging;
using Ociman.Tests.Support;

namespace Ociman.Tests.Engines;

public sealed class LogSpecs : IDisposable
{
    private readonly ListLoggerFactory _factory = new();

    private ILogger Logger => _factory.CreateLogger("Ociman.Test");

    public void Dispose() => _factory.Dispose();

    private LogEntry Single() => Assert.Single(_factory.Entries);

    [Fact]
    public void The_list_logger_factory_records_category_level_event_id_and_formatted_message()
    {
        _factory.CreateLogger("Some.Category").Log(LogLevel.Warning, new EventId(42, "X"), "world", null, (state, _) => "Hello " + state);

        var entry = Single();
        Assert.Equal("Some.Category", entry.Category);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal(42, entry.EventId.Id);
        Assert.Equal("Hello world", entry.Message);
    }

    [Fact]
    public void A_starting_command_is_logged_at_debug_with_event_id_1000()
    {
        Log.CommandStarting(Logger, "docker ps");

        var entry = Single();
        Assert.Equal(1000, entry.EventId.Id);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("Running docker ps", entry.Message);
    }

    [Fact]
    public void A_finished_command_is_logged_at_debug_with_event_id_1001_and_its_exit_code()
    {
        Log.CommandFinished(Logger, "docker ps", 3, 17);

        var entry = Single();
        Assert.Equal(1001, entry.EventId.Id);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("Finished docker ps with exit code 3 in 17 ms", entry.Message);
    }

    [Fact]
    public void A_cancelled_command_is_logged_with_event_id_1002()
    {
        Log.CommandCancelled(Logger, "docker ps", 5);

        var entry = Single();
        Assert.Equal(1002, entry.EventId.Id);
        Assert.Contains("killed", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_detection_events_are_in_the_1100_range()
    {
        Log.ProbeFailed(Logger, "docker", "daemon down");
        Log.EngineSelected(Logger, "podman", "4.9.0", true, "automatic detection");

        var entries = _factory.Entries;
        Assert.Equal([1100, 1101], entries.Select(e => e.EventId.Id));
        Assert.Equal([LogLevel.Debug, LogLevel.Information], entries.Select(e => e.Level));
        Assert.Equal("Engine probe docker failed: daemon down", entries[0].Message);
        Assert.Equal("Using podman 4.9.0 (rootless: True, selected by automatic detection)", entries[1].Message);
    }

    [Fact]
    public void The_resolved_engine_endpoint_is_logged_at_debug_with_event_id_1450()
    {
        Log.EndpointResolved(Logger, "docker", "tcp://127.0.0.2:2375", "DOCKER_HOST", "127.0.0.2");

        var entry = Single();
        Assert.Equal(1450, entry.EventId.Id);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal("docker is reached at tcp://127.0.0.2:2375 (from DOCKER_HOST); published ports at 127.0.0.2", entry.Message);
    }

    [Fact]
    public void Container_lifecycle_events_are_in_the_1200_range()
    {
        var failure = new InvalidOperationException("boom");
        Log.ContainerStarted(Logger, "abc", "alpine");
        Log.ContainerStopped(Logger, "abc");
        Log.ContainerRemoved(Logger, "abc");
        Log.CleaningUpAbortedRun(Logger, "alpine", "io.ociman.invocation=1");
        Log.ScopeEndFailed(Logger, "abc", failure);
        Log.ContainerCommitted(Logger, "abc", "snap:1");
        Log.AbortedRunCleanupFailed(Logger, "io.ociman.invocation=1", failure);
        Log.SettlingAfterCancellation(Logger, "docker container run", 10_000);
        Log.EngineDidNotSettle(Logger, "docker container run", 10_000);
        Log.ExitCodeFromEvents(Logger, "abc", 42);

        var entries = _factory.Entries;
        Assert.Equal([1200, 1201, 1202, 1203, 1204, 1205, 1206, 1207, 1208, 1209], entries.Select(e => e.EventId.Id));
        Assert.Equal(LogLevel.Warning, entries[3].Level);
        Assert.Same(failure, entries[4].Exception);
        Assert.Same(failure, entries[6].Exception);
        Assert.Equal([LogLevel.Warning, LogLevel.Debug, LogLevel.Warning, LogLevel.Debug], entries.Skip(6).Select(e => e.Level));
        Assert.Equal("Container abc was auto-removed before the wait reached it; its exit code 42 was read from the engine's event log", entries[9].Message);
    }

    [Fact]
    public void Image_events_are_in_the_1300_range()
    {
        Log.ImageBuilding(Logger, "app:1");
        Log.ImageBuilt(Logger, "app:1", 10);
        Log.ImageBuildSkipped(Logger, "app:1");
        Log.BuildingAroundTheCli(Logger, "app:1", "docker buildx bake", "HTTPS_PROXY");
        Log.CancelledBuildDidNotEnd(Logger, "app:1", 30);
        Log.BuildRecordNotRemoved(Logger, "app:1", new IOException("denied"));
        Log.TemporaryImageRemovalFailed(Logger, "app:ociman-tmp-1", new InvalidOperationException("boom"));

        Assert.Equal([1300, 1301, 1302, 1303, 1304, 1305, 1306], _factory.Entries.Select(e => e.EventId.Id));
    }

    [Fact]
    public void Fault_events_are_in_the_1500_range_and_are_warnings()
    {
        var failure = new InvalidOperationException("boom");
        Log.ProbeTimedOut(Logger, "docker", "Cli", 30_000);
        Log.HousekeepingTimedOut(Logger, "podman", "container list", 60_000);
        Log.CancelledRunCleanupContinues(Logger, "docker", "container run", 5_000);
        Log.CancelledRunCleanupFailed(Logger, "docker", failure);
        Log.DisposeRemovalFailed(Logger, "abc", failure);
        Log.CommitFailedButImageCreated(Logger, "abc", "snap:1", "sha256:1", failure);
        Log.FollowEndedByEngine(Logger, "abc");

        var entries = _factory.Entries;
        Assert.Equal([1500, 1501, 1502, 1503, 1504, 1505, 1506], entries.Select(e => e.EventId.Id));
        Assert.All(entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal("podman did not finish container list within 60000 ms; it was interrupted", entries[1].Message);
        Assert.Same(failure, entries[4].Exception);
    }

    [Fact]
    public void Stopping_the_steps_of_a_cancelled_build_is_logged_at_debug()
    {
        Log.ContainedProcessesStopped(Logger, "podman build -", 1, true, 240);

        Assert.Equal([(1532, LogLevel.Debug)], _factory.Entries.Select(e => (e.EventId.Id, e.Level)));
        Assert.Equal("Cancelled: stopped 1 contained process(es) of podman build -; it ended by itself: True (after 240 ms)", _factory.Entries[0].Message);
    }

    [Fact]
    public void Stopping_a_cancelled_exec_is_logged_at_debug_and_what_could_not_be_stopped_as_a_warning()
    {
        Log.ExecProcessesStopped(Logger, "c1", 2, "the host");
        Log.ExecProcessesNotStopped(Logger, "c1", "OCIMAN_EXEC", "m1", "no process of the container is visible on this host", "sh not found");

        Assert.Equal([(1530, LogLevel.Debug), (1531, LogLevel.Warning)], _factory.Entries.Select(e => (e.EventId.Id, e.Level)));
        Assert.Equal("Stopped 2 process(es) of a cancelled exec in container c1, from the host", _factory.Entries[0].Message);
        Assert.Contains("OCIMAN_EXEC=m1", _factory.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_log_message_has_a_distinct_event_id_in_a_documented_range()
    {
        var ids = typeof(Log).GetMethods()
            .Select(m => m.GetCustomAttributes(typeof(LoggerMessageAttribute), false).OfType<LoggerMessageAttribute>().SingleOrDefault())
            .Where(a => a is not null)
            .Select(a => a!.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 1000, 1549));
    }
}
