using NUnit.Framework;
using Ociman.Testing.NUnit;
using Ociman.Images;

namespace Ociman.Testing.NUnit.NoEngineSample;

/// <summary>A BusyBox container that sleeps until stopped.</summary>
public sealed class SleeperFixture : ContainerFixtureBase
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

/// <summary>The attribute on a class, with a per-class container fixture.</summary>
[RequiresContainerEngine]
public sealed class EngineSpecs : ContainerTestFixture<SleeperFixture>
{
    [Test]
    [CancelAfter(60_000)]
    public async Task The_container_runs(CancellationToken cancellationToken) =>
        Assert.That(await Fixture.Container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
}

/// <summary>The attribute on a method of a class without a fixture: only the attribute can ignore it.</summary>
public sealed class PlainSpecs
{
    [Test]
    [RequiresContainerEngine]
    [CancelAfter(60_000)]
    public async Task The_engine_answers(CancellationToken cancellationToken)
    {
        var engine = await TestEngine.GetAsync(cancellationToken);
        Assert.That((await engine.ListContainersAsync(cancellationToken: cancellationToken)).Count, Is.GreaterThanOrEqualTo(0));
    }
}
