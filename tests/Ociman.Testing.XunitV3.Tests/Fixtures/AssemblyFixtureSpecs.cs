using Ociman.Testing.XunitV3.Tests.Fixtures;
using Ociman.Testing.XunitV3.Tests.Support;
using Xunit.Sdk;

[assembly: AssemblyFixture(typeof(AssemblySleeper))]

namespace Ociman.Testing.XunitV3.Tests.Fixtures;

/// <summary>One container for the whole test assembly.</summary>
public sealed class AssemblySleeper(IMessageSink messageSink) : SleeperFixture(messageSink);

public sealed class FirstClassUsingTheAssemblyFixture(AssemblySleeper fixture)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task The_assembly_fixture_is_started_once()
    {
        Assert.Equal("running", await fixture.Container.GetStateAsync(TestContext.Current.CancellationToken));
        AssemblyChecks.OneContainerForTheAssembly(GetType(), fixture);
    }
}

public sealed class SecondClassUsingTheAssemblyFixture(AssemblySleeper fixture)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task Another_class_sees_the_same_assembly_container()
    {
        var output = await fixture.Container.Exec("echo", "assembly").StringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("assembly\n", output);
        AssemblyChecks.OneContainerForTheAssembly(GetType(), fixture);
    }

    [ContainerFact]
    public async Task The_fixture_is_also_reachable_through_the_test_context()
    {
        var viaContext = await TestContext.Current.GetFixture<AssemblySleeper>();

        Assert.Same(fixture, viaContext);
        AssemblyChecks.OneContainerForTheAssembly(GetType(), fixture);
    }
}

internal static class AssemblyChecks
{
    public static void OneContainerForTheAssembly(Type testClass, AssemblySleeper fixture)
    {
        var id = fixture.Container.Id;
        Sightings.Record(testClass, id);

        Assert.Equal([id], SleeperFixture.StartedBy(typeof(AssemblySleeper)));
        var seen = Sightings.Of(typeof(FirstClassUsingTheAssemblyFixture)).Concat(Sightings.Of(typeof(SecondClassUsingTheAssemblyFixture)));
        Assert.Equal([id], seen.Distinct());
    }
}
