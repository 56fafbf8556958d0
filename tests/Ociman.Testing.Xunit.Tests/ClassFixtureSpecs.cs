using System.Collections.Concurrent;

namespace Ociman.Testing.Xunit.Tests;

/// <summary>Container ids seen per test class: one container per class, a new one for each class.</summary>
internal static class ClassFixtureIds
{
    public static readonly ConcurrentDictionary<string, string> ByClass = new(StringComparer.Ordinal);

    /// <summary>Records this class's container id (the first test records it, later tests must see the same) and checks the other class's.</summary>
    public static async Task AssertOneContainerPerClassAsync(string testClass, string otherClass, ContainerFixture fx)
    {
        var id = fx.Container.Id;
        var recorded = ByClass.GetOrAdd(testClass, id);

        Assert.Equal(recorded, id);
        Assert.Equal("running", await fx.Container.GetStateAsync());
        if (ByClass.TryGetValue(otherClass, out var other))
        {
            // The other class ran first: its own fixture had another container, removed when that class finished.
            Assert.NotEqual(other, id);
            Assert.False(await fx.Engine.ContainerExistsAsync(other), $"the container of {otherClass} outlived its class");
        }
    }
}

public sealed class ClassFixtureSpecs(SleeperFixture fx) : IClassFixture<SleeperFixture>
{
    [ContainerFact(Timeout = 120_000)]
    public Task The_first_test_of_a_class_uses_the_class_container() =>
        ClassFixtureIds.AssertOneContainerPerClassAsync(nameof(ClassFixtureSpecs), nameof(OtherClassFixtureSpecs), fx);

    [ContainerFact(Timeout = 120_000)]
    public Task The_second_test_of_a_class_uses_the_same_container() =>
        ClassFixtureIds.AssertOneContainerPerClassAsync(nameof(ClassFixtureSpecs), nameof(OtherClassFixtureSpecs), fx);

    [ContainerFact(Timeout = 120_000)]
    public async Task The_class_container_carries_the_session_labels()
    {
        var labels = await fx.Container.GetLabelsAsync();

        Assert.Equal(TestSession.Id, labels[TestSession.SessionLabel]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[TestSession.OwnerPidLabel]);
        Assert.Equal(BusyBox.RunId, labels[BusyBox.RunLabel]);
    }
}

public sealed class OtherClassFixtureSpecs(SleeperFixture fx) : IClassFixture<SleeperFixture>
{
    [ContainerFact(Timeout = 120_000)]
    public Task Another_class_with_the_same_fixture_type_gets_its_own_container() =>
        ClassFixtureIds.AssertOneContainerPerClassAsync(nameof(OtherClassFixtureSpecs), nameof(ClassFixtureSpecs), fx);
}
