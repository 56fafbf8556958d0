using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

/// <summary>Every readiness check and every seed step runs under the setup's deadline, even one that ignores cancellation.</summary>
public sealed class DeadlineSpecs
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_readiness_check_that_ignores_cancellation_is_interrupted_at_the_deadline_naming_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var release = new ManualResetEventSlim();
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition).WaitFor(new DeafCheck(release)).WithReadinessTimeout(TimeSpan.FromSeconds(2)));
        try
        {
            var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));

            Assert.Contains("was not ready after 2 s: waiting for a check that blocks its thread", thrown.Message, StringComparison.Ordinal);
            Assert.Contains("had not finished at the deadline", thrown.Message, StringComparison.Ordinal);
            await fixture.AssertNothingLeftAsync(cancellationToken);
        }
        finally
        {
            release.Set();
        }
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_seed_step_whose_exec_never_returns_is_interrupted_at_the_seed_deadline_naming_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var step = Seed.Exec("sleep", "3600");
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition).WaitFor(Ready.ExecSucceeds("true")).SeedWith(step).WithSeedTimeout(TimeSpan.FromSeconds(3)));

        var thrown = await Assert.ThrowsAsync<SeedTimeoutException>(() => fixture.StartAsync(cancellationToken));

        Assert.Equal(step.Description, thrown.Step);
        Assert.Equal(TimeSpan.FromSeconds(3), thrown.Timeout);
        Assert.Contains($"'{step.Description}'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("3 s", thrown.Message, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_seed_step_that_ignores_cancellation_is_interrupted_at_the_seed_deadline_and_the_snapshot_container_removed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var step = new DeafStep();
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition)
                .WaitFor(Ready.ExecSucceeds("true"))
                .SeedWith(Seed.Exec("true"), step)
                .WithSeedTimeout(TimeSpan.FromSeconds(3))
                .WithSnapshot("ociman-test/deadline-" + Guid.NewGuid().ToString("N")[..12]));

        var thrown = await Assert.ThrowsAsync<SeedTimeoutException>(() => fixture.StartAsync(cancellationToken));

        Assert.Equal(step.Description, thrown.Step);
        Assert.Contains("Seed step 2", thrown.Message, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    /// <summary>A check that blocks its thread and ignores its token (a synchronous client call that hangs).</summary>
    private sealed class DeafCheck(ManualResetEventSlim release) : ReadinessCheck
    {
        public override string Description => "a check that blocks its thread";

        public override Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            release.Wait(CancellationToken.None);
            return Task.FromResult(false);
        }
    }

    /// <summary>A seed step that never ends and ignores its token.</summary>
    private sealed class DeafStep : SeedStep
    {
        public override string Kind => "deaf";

        public override string Description => "a step that ignores cancellation";

        public override async Task ApplyAsync(Container container, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, CancellationToken.None);

        protected internal override Task AddToKeyAsync(SegmentHasher hasher, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
