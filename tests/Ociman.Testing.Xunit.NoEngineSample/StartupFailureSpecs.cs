using Ociman.Testing;
using Ociman.Testing.Xunit;
using Ociman.Images;

namespace Ociman.Testing.Xunit.NoEngineSample;

/// <summary>A container that prints a line and exits with code 7 before it is ready.</summary>
public sealed class ExitingFixture : ContainerFixture
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithLabels(SampleRun.Labels)
                .WithArguments("sh", "-c", "echo boom from the sample; exit 7"))
            .WaitFor(Ready.LogContains("never printed"))
            .WithReadinessTimeout(TimeSpan.FromSeconds(30));
}

/// <summary>Run by the parent with an engine: both tests must fail with the fixture's startup exception.</summary>
public sealed class StartupFailureSpecs(ExitingFixture fx) : IClassFixture<ExitingFixture>
{
    [LaunchedByParentFact]
    public void The_first_test_sees_the_fixture_failure() => Assert.NotNull(fx.Container);

    [LaunchedByParentFact]
    public void The_second_test_sees_the_fixture_failure() => Assert.NotNull(fx.Container);
}

/// <summary>Skips unless the parent test launched this run (it sets <c>OCIMAN_SAMPLE_MARKER</c>): these tests fail by design.</summary>
public sealed class LaunchedByParentFactAttribute : ContainerFactAttribute
{
    public LaunchedByParentFactAttribute()
    {
        if (SampleRun.Marker is null)
        {
            Skip = "Fails by design; run by Ociman.Testing.Xunit.Tests only.";
        }
    }
}
