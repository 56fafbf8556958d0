namespace Ociman.Testing.Xunit.Tests;

/// <summary>The collection's network, shared by the logical name "xunit2-app".</summary>
public sealed class AppNetworkFixture : NetworkFixture
{
    public const string Name = "xunit2-app";

    public override string LogicalName => Name;
}

/// <summary>A sleeper on the app network, as "peer".</summary>
public sealed class NetworkedSleeperFixture(IMessageSink sink) : ContainerFixture(sink)
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(AppNetworkFixture.Name, cancellationToken);
        return new ContainerSetup((await BusyBox.SleeperAsync(engine, cancellationToken)).WithNetwork(network.Name).WithNetworkAliases("peer"))
            .WaitFor(Ready.ExecSucceeds("true"));
    }
}

[CollectionDefinition(Name)]
public sealed class AppNetworkCollection : ICollectionFixture<AppNetworkFixture>, ICollectionFixture<NetworkedSleeperFixture>
{
    public const string Name = "a sleeper on the app network";
}

[Collection(AppNetworkCollection.Name)]
public sealed class NetworkFixtureSpecs(AppNetworkFixture network, NetworkedSleeperFixture sleeper)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task The_network_fixture_and_the_container_fixture_share_one_labelled_network()
    {
        var details = await network.Network.InspectAsync();

        Assert.Equal([sleeper.Container.Id], details.ContainerIds);
        Assert.Equal(TestSession.Id, details.Labels[TestSession.SessionLabel]);
        Assert.Same(network.Network, await TestNetworks.GetAsync(AppNetworkFixture.Name));

        // The container resolves its own alias on the network (BusyBox's nslookup has its own DNS client).
        var lookup = await sleeper.Container.Exec("nslookup", "peer").ResultAsync();
        Assert.True(lookup.ExitCode == 0, lookup.StandardOutputText + lookup.StandardError);
    }
}
