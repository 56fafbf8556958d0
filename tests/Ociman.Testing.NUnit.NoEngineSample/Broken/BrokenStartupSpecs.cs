using NUnit.Framework;
using Ociman.Testing.NUnit;
using Ociman.Images;

namespace Ociman.Testing.NUnit.NoEngineSample.Broken;

/// <summary>A container that prints "boom" and exits with code 7 before it is ready (labelled with OCIMAN_SAMPLE_MARKER so the parent test can look for leftovers).</summary>
public sealed class BoomFixture : ContainerFixtureBase
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "echo boom; exit 7")
                .WithLabel("io.ociman.nunit-test-marker", Environment.GetEnvironmentVariable("OCIMAN_SAMPLE_MARKER") ?? "none"))
            .WaitFor(Ready.LogContains("never printed"));
}

/// <summary>Both tests must fail with the startup failure of the fixture (its cause and the container's last log lines).</summary>
[Category("Broken")]
public sealed class BrokenStartupSpecs : ContainerTestFixture<BoomFixture>
{
    [Test]
    public void First_test() => Assert.That(Fixture.Container.Id, Is.Not.Empty);

    [Test]
    public void Second_test() => Assert.That(Fixture.Container.Id, Is.Not.Empty);
}
