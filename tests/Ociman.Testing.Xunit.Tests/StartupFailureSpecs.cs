namespace Ociman.Testing.Xunit.Tests;

public sealed class StartupFailureSpecs
{
    private const string MarkerLabel = "io.ociman.xunit-test-marker";

    private readonly string _marker = Guid.NewGuid().ToString("N");

    [ContainerFact(Timeout = 120_000)]
    public async Task A_readiness_timeout_names_the_check_and_shows_the_last_log_lines()
    {
        await using var fixture = new AdHocFixture(async engine =>
            new ContainerSetup((await BusyBox.RunningAsync(engine, "sh", "-c", "echo starting up; echo still waiting; trap 'exit 0' TERM; sleep 600 & wait"))
                    .WithLabel(MarkerLabel, _marker))
                .WaitFor(Ready.LogContains("ready to accept connections"))
                .WithReadinessTimeout(TimeSpan.FromSeconds(3)));

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync());

        Assert.Contains("was not ready after 3 s", thrown.Message);
        Assert.Contains("the log contains 'ready to accept connections'", thrown.Message);
        Assert.Contains("Last log lines of the container:", thrown.Message);
        Assert.Contains("still waiting", thrown.RecentLogs);
        Assert.Same(thrown, fixture.StartupFailure);
        var later = Assert.Throws<ContainerStartupException>(() => fixture.Container);
        Assert.Same(thrown, later.InnerException);
        await AssertNothingLeftAsync(fixture);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_container_that_exits_early_fails_at_once_with_its_exit_code_and_output()
    {
        await using var fixture = new AdHocFixture(async engine =>
            new ContainerSetup((await BusyBox.RunningAsync(engine, "sh", "-c", "echo boom; exit 7")).WithLabel(MarkerLabel, _marker))
                .WaitFor(Ready.LogContains("never printed")));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var thrown = await Assert.ThrowsAsync<ContainerExitedException>(() => fixture.StartAsync());

        Assert.Equal(7, thrown.ExitCode);
        Assert.Contains("exited with code 7", thrown.Message);
        Assert.Contains("boom", thrown.Message);
        Assert.Contains("boom", thrown.RecentLogs);
        // Fail fast: well before the 60 s default readiness deadline.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
        await AssertNothingLeftAsync(fixture);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_fixture_start_that_never_ends_is_cancelled_at_the_startup_timeout()
    {
        // xUnit v2 gives fixtures no token: the adapter bounds the start with the fixture's startup timeout.
        await using var fixture = new AdHocFixture(async (engine, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new ContainerSetup(await BusyBox.RunningAsync(engine, "sleep", "3600"));
        })
        {
            StartupTimeout = TimeSpan.FromSeconds(2),
        };

        var start = ((IAsyncLifetime)fixture).InitializeAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var thrown = await Assert.ThrowsAsync<ContainerStartupException>(() => start);

        Assert.Contains("did not start within 2 s", thrown.Message);
        Assert.Same(thrown, fixture.StartupFailure);
        await AssertNothingLeftAsync(fixture);
    }

    private async Task AssertNothingLeftAsync(AdHocFixture fixture)
    {
        var engine = await TestEngine.GetAsync();
        await fixture.DisposeAsync();
        var left = await engine.ListContainersAsync([new(TestSession.SessionLabel, TestSession.Id), new(MarkerLabel, _marker)]);
        Assert.Empty(left);
    }
}
