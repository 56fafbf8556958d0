using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.Lifecycle;

public sealed class StartupFailureSpecs
{
    private sealed class NeverReady(string marker) : ContainerFixtureBase
    {
        protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            new ContainerSetup((await Sleepers.BusyBoxAsync(engine, cancellationToken, "sh", "-c", "echo still warming up; trap 'exit 0' TERM; sleep 600 & wait"))
                    .WithLabel(Sleepers.MarkerLabel, marker))
                .WaitFor(Ready.LogContains("never printed"))
                .WithReadinessTimeout(TimeSpan.FromSeconds(2));
    }

    private sealed class ExitsEarly(string marker) : ContainerFixtureBase
    {
        protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            new ContainerSetup((await Sleepers.BusyBoxAsync(engine, cancellationToken, "sh", "-c", "echo boom; exit 7"))
                    .WithLabel(Sleepers.MarkerLabel, marker))
                .WaitFor(Ready.LogContains("never printed"));
    }

    [Test]
    [RequiresContainerEngine]
    [CancelAfter(120_000)]
    public async Task A_container_that_never_gets_ready_fails_naming_the_check_with_its_last_log_lines(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        var fixture = new NeverReady(marker);

        var thrown = await Caught.ExactlyAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));
        await fixture.DisposeAsync();

        Assert.That(thrown.Message, Does.Contain("the log contains 'never printed'"));
        Assert.That(thrown.Message, Does.Contain("still warming up"));
        Assert.That(thrown.RecentLogs, Does.Contain("still warming up"));
        Assert.That(fixture.StartupFailure, Is.SameAs(thrown));
        var use = Assert.Throws<ContainerStartupException>(() => _ = fixture.Container);
        Assert.That(use!.InnerException, Is.SameAs(thrown), "a test that uses the fixture sees the cause");
        Assert.That(await Sleepers.MarkedAsync(marker, cancellationToken), Is.Empty, "nothing is left running");
    }

    [Test]
    [RequiresContainerEngine]
    [CancelAfter(120_000)]
    public async Task A_container_that_exits_during_startup_fails_at_once_with_its_exit_code_and_output(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        var fixture = new ExitsEarly(marker);
        var started = DateTime.UtcNow;

        var thrown = await Caught.ExactlyAsync<ContainerExitedException>(() => fixture.StartAsync(cancellationToken));
        await fixture.DisposeAsync();

        Assert.That(thrown.ExitCode, Is.EqualTo(7));
        Assert.That(thrown.Message, Does.Contain("boom"));
        Assert.That(thrown.Message, Does.Contain("code 7"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(ReadinessWaiter.DefaultTimeout), "it did not wait for the readiness deadline");
        Assert.That(await Sleepers.MarkedAsync(marker, cancellationToken), Is.Empty, "nothing is left behind");
    }
}
