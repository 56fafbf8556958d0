using Ociman.Testing.XunitV3.Tests.Support;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Tests.Fixtures;

/// <summary>One container for the whole collection, shared by the classes in it.</summary>
public sealed class CollectionSleeper(IMessageSink messageSink) : SleeperFixture(messageSink);

[CollectionDefinition(Name)]
public sealed class SleeperCollection : ICollectionFixture<CollectionSleeper>
{
    public const string Name = "one sleeper for the collection";
}

[Collection(SleeperCollection.Name)]
public sealed class FirstClassInTheCollection(CollectionSleeper fixture)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task The_collection_fixture_is_started_once()
    {
        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
        CollectionChecks.OneContainerForTheCollection(GetType(), fixture);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_second_test_sees_the_same_container()
    {
        var output = await fixture.Container.Exec("echo", "shared").StringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("shared\n", output);
        CollectionChecks.OneContainerForTheCollection(GetType(), fixture);
    }
}

[Collection(SleeperCollection.Name)]
public sealed class SecondClassInTheCollection(CollectionSleeper fixture)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task Another_class_in_the_collection_sees_the_same_container()
    {
        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
        CollectionChecks.OneContainerForTheCollection(GetType(), fixture);
    }
}

internal static class CollectionChecks
{
    public static void OneContainerForTheCollection(Type testClass, CollectionSleeper fixture)
    {
        var id = fixture.Container.Id;
        Sightings.Record(testClass, id);

        Assert.Equal([id], SleeperFixture.StartedBy(typeof(CollectionSleeper)));
        var seen = Sightings.Of(typeof(FirstClassInTheCollection)).Concat(Sightings.Of(typeof(SecondClassInTheCollection)));
        Assert.Equal([id], seen.Distinct());
    }
}
