using Ociman.Images;
using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

/// <summary>
/// A log check follows the container's log while it waits: the line a service prints when it is ready ends the wait
/// then, not at the next poll. Each test pauses 10 minutes between polls with a 60 s deadline, so only the follow can
/// end the wait in time: on both transports, since each follows the log its own way (the API's stream, the CLI's
/// <c>logs --follow</c> process).
/// </summary>
public sealed class LogWakeSpecs
{
    private static readonly ReadinessWaiter.Polling Never = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    /// <summary>Both transports: each follows the log its own way.</summary>
    public static TheoryData<EngineTransport> Transports => [EngineTransport.Cli, EngineTransport.Api];

    [ContainerTheory(Timeout = 120_000)]
    [MemberData(nameof(Transports))]
    public async Task A_service_that_says_ready_3_s_late_is_seen_ready_although_no_poll_comes_before_the_deadline(EngineTransport transport)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // PID 1 is sh, then a plain sleep: neither handles SIGTERM. Other output comes first: it wakes the wait too,
        // and the check, not met by it, must keep waiting.
        await using var container = await RunAsync(transport, "sleep 2; echo warming up; sleep 1; echo ready to serve; exec sleep 3600", cancellationToken);

        var inspection = await ReadinessWaiter.WaitAsync(
            new ReadinessContext(container, "127.0.0.1"), [Ready.LogContains("ready to serve")], TimeSpan.FromSeconds(60), Never, cancellationToken);

        Assert.True(inspection.Running);
        Assert.Contains("warming up\nready to serve\n", (await container.GetLogsAsync(cancellationToken)).StandardOutput, StringComparison.Ordinal);
    }

    [ContainerTheory(Timeout = 120_000)]
    [MemberData(nameof(Transports))]
    public async Task A_container_that_exits_while_its_log_is_followed_fails_the_wait_with_its_exit_code_before_the_deadline(EngineTransport transport)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Not removed on exit, so the exit code is there to read; the log's end wakes the wait.
        await using var container = await RunAsync(transport, "sleep 2; echo giving up; exit 7", cancellationToken, autoRemove: false);

        var thrown = await Assert.ThrowsAsync<ContainerExitedException>(() => ReadinessWaiter.WaitAsync(
            new ReadinessContext(container, "127.0.0.1"), [Ready.LogContains("never printed")], TimeSpan.FromSeconds(60), Never, cancellationToken));

        Assert.Equal(7, thrown.ExitCode);
        Assert.Contains("giving up", thrown.RecentLogs, StringComparison.Ordinal);
    }

    [ContainerTheory(Timeout = 120_000)]
    [MemberData(nameof(Transports))]
    public async Task A_log_check_not_met_by_the_deadline_fails_naming_it_and_leaves_no_follow_behind(EngineTransport transport)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var container = await RunAsync(transport, "echo starting; while true; do sleep 0.2; echo still starting; done", cancellationToken);
        var waiting = ReadinessWaiter.WaitAsync(
            new ReadinessContext(container, "127.0.0.1"), [Ready.LogContains("never printed")], TimeSpan.FromSeconds(3), cancellationToken: cancellationToken);
        var followed = false;
        while (!waiting.IsCompleted && !followed)
        {
            followed = LogFollowers(container.Id).Count > 0;
            await Task.Delay(50, cancellationToken);
        }

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiting);

        Assert.Contains("waiting for the log contains 'never printed'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("still starting", thrown.RecentLogs, StringComparison.Ordinal);
        Assert.True(followed == (transport == EngineTransport.Cli), $"a `logs --follow` process was {(followed ? string.Empty : "not ")}seen during the wait on the {transport} transport");

        // The CLI transport follows through a `logs --follow` process: the wait's end interrupted it (SIGINT, then a
        // kill after 3 s), and it is gone within seconds.
        Assert.Empty(await LogFollowersAfterSettlingAsync(container.Id));
    }

    // A BusyBox container running the script, started through an engine on the transport, with the session's labels.
    private static async Task<Container> RunAsync(EngineTransport transport, string script, CancellationToken cancellationToken, bool autoRemove = true)
    {
        var shared = await TestEngine.GetAsync(cancellationToken);
        var engine = await Engine.ConnectAsync(
            shared.Kind,
            new EngineOptions { Transport = transport, ContainerLabels = TestSession.Labels },
            cancellationToken);
        Assert.Equal(transport, engine.Transport);
        var definition = ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
            .WithLabel(SleeperFixture.TestLabel, TestSession.Id)
            .WithArguments("sh", "-c", script)
            .WithAutoRemove(autoRemove);
        return await engine.RunDetachedAsync(definition, cancellationToken);
    }

    // Processes on this machine following this container's log (the CLI's `logs --follow`), by their arguments.
    private static bool FollowsLogOf(string[] arguments, string containerId) =>
        arguments.Contains("logs") && arguments.Any(a => a.Contains(containerId, StringComparison.Ordinal));

    private static List<int> LogFollowers(string containerId) => HostProcesses.Matching(a => FollowsLogOf(a, containerId));

    private static Task<List<int>> LogFollowersAfterSettlingAsync(string containerId) =>
        HostProcesses.MatchingAfterSettlingAsync(a => FollowsLogOf(a, containerId));
}
