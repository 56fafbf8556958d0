using System.Collections.Concurrent;
using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.SharedContainer;

/// <summary>A sleeper that counts how often it was started in this process.</summary>
public sealed class CountedSleeper : ContainerFixtureBase
{
    private static int _starts;

    public static int Starts => Volatile.Read(ref _starts);

    protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _starts);
        return Sleepers.SleeperAsync(engine, cancellationToken);
    }
}

/// <summary>One <see cref="CountedSleeper"/> for every test class in this namespace.</summary>
[SetUpFixture]
public sealed class SharedSleeperSetUp : SharedContainerSetUp<CountedSleeper>;

internal static class SeenShared
{
    public static readonly ConcurrentDictionary<string, string> ByClass = new(StringComparer.Ordinal);
}

// [Order] is obsolete in NUnit 5 in favour of [DependsOnFixture]/[DependsOnTest], which NUnit 4 does not have; and under
// the VSTest adapter (NUnit3TestAdapter 5.2.0 and 6.3.1, measured) a fixture with [DependsOnFixture] is silently not
// run. [Order] still orders fixtures and tests on NUnit 5, so these specs keep it on both.
#pragma warning disable CS0618
[Order(1)]
[RequiresContainerEngine]
public sealed class FirstSharedSpecs
{
    [Test]
    [CancelAfter(60_000)]
    public async Task The_namespace_container_runs_and_was_started_once(CancellationToken cancellationToken)
    {
        var container = SharedSleeperSetUp.Fixture.Container;
        SeenShared.ByClass[nameof(FirstSharedSpecs)] = container.Id;
        await container.Exec("touch", "/first-class-was-here").StatusAsync(cancellationToken);

        Assert.That(CountedSleeper.Starts, Is.EqualTo(1));
        Assert.That(await container.GetStateAsync(cancellationToken), Is.EqualTo("running"));
    }
}

[Order(2)]
[RequiresContainerEngine]
public sealed class SecondSharedSpecs
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Another_class_in_the_namespace_uses_the_same_container(CancellationToken cancellationToken)
    {
        var container = SharedSleeperSetUp.Fixture.Container;

        Assert.That(SeenShared.ByClass.TryGetValue(nameof(FirstSharedSpecs), out var first), Is.True, "FirstSharedSpecs ran before this class");
        Assert.That(container.Id, Is.EqualTo(first));
        Assert.That(CountedSleeper.Starts, Is.EqualTo(1));
        var mark = await container.Exec("ls", "/first-class-was-here").ResultAsync(cancellationToken);
        Assert.That(mark.ExitCode, Is.EqualTo(0), "the file the first class wrote is there");
    }
}
