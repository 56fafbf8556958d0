using System.Collections.Concurrent;
using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.PerClass;

/// <summary>A sleeper started once per test class.</summary>
public sealed class PerClassSleeper : ContainerFixtureBase
{
    protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        Sleepers.SleeperAsync(engine, cancellationToken);
}

/// <summary>The container id each class saw, by class.</summary>
internal static class SeenIds
{
    public static readonly ConcurrentDictionary<string, string> ByClass = new(StringComparer.Ordinal);
}

// [Order] is obsolete in NUnit 5 in favour of [DependsOnFixture]/[DependsOnTest], which NUnit 4 does not have; and under
// the VSTest adapter (NUnit3TestAdapter 5.2.0 and 6.3.1, measured) a fixture with [DependsOnFixture] is silently not
// run. [Order] still orders fixtures and tests on NUnit 5, so these specs keep it on both.
#pragma warning disable CS0618
[Order(1)]
[RequiresContainerEngine]
public sealed class FirstClassSpecs : ContainerTestFixture<PerClassSleeper>
{
    private string? _seenByFirstTest;

    [Test]
    [Order(1)]
    [CancelAfter(60_000)]
    public async Task The_first_test_gets_a_running_container(CancellationToken cancellationToken)
    {
        _seenByFirstTest = Fixture.Container.Id;
        SeenIds.ByClass[nameof(FirstClassSpecs)] = Fixture.Container.Id;

        Assert.That(await Fixture.Container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
    }

    [Test]
    [Order(2)]
    [CancelAfter(60_000)]
    public async Task The_second_test_of_the_class_sees_the_same_container(CancellationToken cancellationToken)
    {
        Assert.That(_seenByFirstTest, Is.Not.Null, "the first test ran first and saw a container");
        Assert.That(Fixture.Container.Id, Is.EqualTo(_seenByFirstTest));
        Assert.That(await Fixture.Container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
    }
}

[Order(2)]
[RequiresContainerEngine]
public sealed class SecondClassSpecs : ContainerTestFixture<PerClassSleeper>
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Another_class_gets_its_own_container_and_the_first_is_gone(CancellationToken cancellationToken)
    {
        Assert.That(SeenIds.ByClass.TryGetValue(nameof(FirstClassSpecs), out var first), Is.True, "FirstClassSpecs ran before this class");
        Assert.That(Fixture.Container.Id, Is.Not.EqualTo(first));
        Assert.That(await Fixture.Container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
        Assert.That(await Fixture.Engine.ContainerExistsAsync(first!, cancellationToken), Is.False, "the first class's container was removed in its OneTimeTearDown");
    }
}
