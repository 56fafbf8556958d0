using Ociman.Images;
using Ociman.Testing;
using Ociman.Testing.XunitV3;
using Xunit;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.NoEngineSample;

/// <summary>A BusyBox container that sleeps until stopped.</summary>
public sealed class SleeperFixture(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

/// <summary>What a user writes: a [ContainerFact] with a class fixture. Without an engine it skips, or fails in CI.</summary>
public sealed class SampleSpecs(SleeperFixture fixture) : IClassFixture<SleeperFixture>
{
    [ContainerFact(Timeout = 60_000)]
    public async Task The_container_answers_exec()
    {
        var output = await fixture.Container.Exec("echo", "hello").StringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("hello\n", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_plain_fact_skips_itself_through_the_fixture()
    {
        fixture.SkipIfNoEngine();

        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>A container that exits during startup: prints "boom" and exits with code 7.</summary>
public sealed class ExplodingFixture : ContainerFixture
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "echo boom; exit 7"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

/// <summary>Two tests over a fixture that fails to start: xUnit must report the fixture's exception to both.</summary>
/// <remarks>Run by Ociman.Testing.XunitV3.Tests with a filter on this class only.</remarks>
public sealed class FailingStartSpecs(ExplodingFixture fixture) : IClassFixture<ExplodingFixture>
{
    [ContainerFact]
    public void First_test_over_a_broken_fixture() => Assert.NotNull(fixture.Container);

    [ContainerFact]
    public void Second_test_over_a_broken_fixture() => Assert.NotNull(fixture.Container);
}
