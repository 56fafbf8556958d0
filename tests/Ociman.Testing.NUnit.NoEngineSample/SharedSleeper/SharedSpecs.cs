using NUnit.Framework;
using Ociman.Testing.NUnit;
using Ociman.Images;

namespace Ociman.Testing.NUnit.NoEngineSample.SharedSleeper;

/// <summary>The sleeper shared by this namespace.</summary>
public sealed class SharedSleeperFixture : ContainerFixtureBase
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

[SetUpFixture]
public sealed class SharedSleeperSetUp : SharedContainerSetUp<SharedSleeperFixture>;

public sealed class SharedSpecs
{
    [Test]
    [CancelAfter(60_000)]
    public async Task The_shared_container_runs(CancellationToken cancellationToken) =>
        Assert.That(await SharedSleeperSetUp.Fixture.Container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
}
