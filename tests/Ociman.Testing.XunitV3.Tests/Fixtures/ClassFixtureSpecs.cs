using Ociman.Testing.XunitV3.Tests.Support;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Tests.Fixtures;

/// <summary>One container per test class: the fixture type used as a class fixture by two classes.</summary>
public sealed class PerClassSleeper(IMessageSink messageSink) : SleeperFixture(messageSink);

public sealed class FirstClassWithItsOwnContainer(PerClassSleeper fixture) : IClassFixture<PerClassSleeper>
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_class_fixture_gives_the_test_a_running_container()
    {
        var output = await fixture.Container.Exec("echo", "hello").StringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("hello\n", output);
        ClassFixtureChecks.SawOneContainerPerClass(GetType(), typeof(SecondClassWithItsOwnContainer), fixture);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Every_test_of_the_class_sees_the_same_container()
    {
        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
        ClassFixtureChecks.SawOneContainerPerClass(GetType(), typeof(SecondClassWithItsOwnContainer), fixture);
    }
}

public sealed class SecondClassWithItsOwnContainer(PerClassSleeper fixture) : IClassFixture<PerClassSleeper>
{
    [ContainerFact(Timeout = 120_000)]
    public async Task Another_class_gets_another_container()
    {
        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
        ClassFixtureChecks.SawOneContainerPerClass(GetType(), typeof(FirstClassWithItsOwnContainer), fixture);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Its_tests_share_that_container()
    {
        var output = await fixture.Container.Exec("hostname").StringAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith(output.Trim(), fixture.Container.Id, StringComparison.Ordinal);
        ClassFixtureChecks.SawOneContainerPerClass(GetType(), typeof(FirstClassWithItsOwnContainer), fixture);
    }
}

internal static class ClassFixtureChecks
{
    /// <summary>All tests of <paramref name="testClass"/> saw one container, which no test of <paramref name="otherClass"/> saw.</summary>
    public static void SawOneContainerPerClass(Type testClass, Type otherClass, PerClassSleeper fixture)
    {
        var id = fixture.Container.Id;
        Sightings.Record(testClass, id);

        Assert.Equal([id], Sightings.Of(testClass).Distinct());
        Assert.DoesNotContain(id, Sightings.Of(otherClass));
        var started = SleeperFixture.StartedBy(typeof(PerClassSleeper));
        Assert.Contains(id, started);
        Assert.Equal(started.Count, started.Distinct().Count());
        Assert.InRange(started.Count, 1, 2);
    }
}
