using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

public sealed class StartupFailureSpecs
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_container_that_never_becomes_ready_fails_naming_the_check_with_its_last_log_lines()
    {
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition)
                .WaitFor(Ready.LogContains("never printed"))
                .WithReadinessTimeout(TimeSpan.FromSeconds(2)),
            ["sh", "-c", "echo warming up; trap 'exit 0' TERM; sleep 600 & wait"]);

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("the log contains 'never printed'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("warming up", thrown.RecentLogs, StringComparison.Ordinal);
        Assert.Contains("warming up", thrown.Message, StringComparison.Ordinal);
        Assert.Same(thrown, fixture.StartupFailure);
        var later = Assert.Throws<ContainerStartupException>(() => fixture.Container);
        Assert.Same(thrown, later.InnerException);
        await fixture.AssertNothingLeftAsync();
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_container_that_exits_during_startup_fails_at_once_with_its_exit_code_and_output()
    {
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition)
                .WaitFor(Ready.ExecSucceeds("true"))
                .WithReadinessTimeout(TimeSpan.FromSeconds(60)),
            ["sh", "-c", "echo boom; exit 7"]);

        var started = DateTime.UtcNow;
        var thrown = await Assert.ThrowsAsync<ContainerExitedException>(() => fixture.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(7, thrown.ExitCode);
        Assert.Contains("boom", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("code 7", thrown.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the exit was noticed only near the readiness deadline");
        await fixture.AssertNothingLeftAsync();
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task xUnit_reports_a_fixture_startup_failure_to_every_test_that_uses_it()
    {
        var environment = Children.CleanEnvironment(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        environment["OCIMAN_REQUIRE_ENGINE"] = "1";
        if (Environment.GetEnvironmentVariable("OCIMAN_BACKEND") is { Length: > 0 } backend)
        {
            environment["OCIMAN_BACKEND"] = backend;
        }

        var (run, results) = await Children.TestSampleAsync("FullyQualifiedName~FailingStartSpecs", environment, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal("Failed", r.Outcome);
            Assert.Contains("ExplodingFixture", r.Message, StringComparison.Ordinal);
            Assert.Contains("ContainerExitedException", r.Message, StringComparison.Ordinal);
            Assert.Contains("exited with code 7", r.Message, StringComparison.Ordinal);
            Assert.Contains("| boom", r.Message, StringComparison.Ordinal);
        });
    }
}
