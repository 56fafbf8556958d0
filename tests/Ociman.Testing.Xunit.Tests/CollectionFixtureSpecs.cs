namespace Ociman.Testing.Xunit.Tests;

/// <summary>A collection fixture that counts its starts: one container for every class of the collection.</summary>
public sealed class SharedSleeperFixture(IMessageSink sink) : SleeperFixture(sink)
{
    private static int _starts;
    private static string? _firstSeenId;

    public static int Starts => Volatile.Read(ref _starts);

    /// <summary>The container id the first test of the collection saw; later tests must see the same.</summary>
    public static string FirstSeen(string id) => Interlocked.CompareExchange(ref _firstSeenId, id, null) ?? id;

    protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _starts);
        return base.ConfigureAsync(engine, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSleeperCollection : ICollectionFixture<SharedSleeperFixture>
{
    public const string Name = "shared sleeper";
}

[Collection(SharedSleeperCollection.Name)]
public sealed class FirstSharedSpecs(SharedSleeperFixture fx)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_collection_fixture_starts_one_container_for_the_collection()
    {
        Assert.Equal(1, SharedSleeperFixture.Starts);
        Assert.Equal(SharedSleeperFixture.FirstSeen(fx.Container.Id), fx.Container.Id);
        Assert.Equal("hello\n", await fx.Container.Exec("echo", "hello").StringAsync());
    }
}

[Collection(SharedSleeperCollection.Name)]
public sealed class SecondSharedSpecs(SharedSleeperFixture fx)
{
    [ContainerTheory(Timeout = 120_000)]
    [InlineData("one")]
    [InlineData("two")]
    public async Task Every_class_of_the_collection_sees_the_same_container(string word)
    {
        Assert.Equal(1, SharedSleeperFixture.Starts);
        Assert.Equal(SharedSleeperFixture.FirstSeen(fx.Container.Id), fx.Container.Id);
        Assert.Equal(word + "\n", await fx.Container.Exec("echo", word).StringAsync());
    }
}
