using Ociman.Images;
using Ociman.Testing;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.XunitV3;

namespace Ociman.Modules.Tests.PostgreSql;

/// <summary>
/// What the options do not cover is added by deriving and adjusting the module's own setup: here a network and an
/// alias, so that a service container reaches the database as "db".
/// </summary>
public sealed class NetworkedPostgres : PostgreSqlModule
{
    public const string NetworkName = "modules-pg";

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var setup = await base.ConfigureAsync(engine, cancellationToken);
        var network = await TestNetworks.GetAsync(NetworkName, cancellationToken);
        return setup with { Definition = setup.Definition.WithNetwork(network.Name).WithNetworkAliases("db") };
    }
}

/// <summary>The network of the collection: made before its first test, removed after its last.</summary>
public sealed class ModulesNetwork : NetworkFixture
{
    public override string LogicalName => NetworkedPostgres.NetworkName;
}

[CollectionDefinition(Name)]
public sealed class NetworkedPostgresCollection : ICollectionFixture<ModulesNetwork>, ICollectionFixture<ModuleFixture<NetworkedPostgres>>
{
    public const string Name = "a PostgreSQL module on a network";
}

[Collection(NetworkedPostgresCollection.Name)]
public sealed class NetworkedPostgreSqlSpecs(ModulesNetwork network, ModuleFixture<NetworkedPostgres> fixture)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task A_derived_module_joins_a_network_and_another_container_reaches_it_by_alias()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = fixture.Module.Engine;
        Assert.Same(network.Network, await TestNetworks.GetAsync(NetworkedPostgres.NetworkName, cancellationToken));

        // A client on the same network (the kit's image has pg_isready) asks the server by its alias.
        var client = ContainerDefinition.For(await OfflineImages.PostgresAsync(engine, cancellationToken))
            .WithNetwork(network.Network.Name)
            .WithEntrypoint("pg_isready")
            .WithArguments("-h", "db", "-p", "5432", "-t", "10");
        var run = await engine.RunAsync(TestSession.Label(client), cancellationToken);

        Assert.True(run.ExitCode == 0, $"pg_isready -h db exited with {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
        Assert.Contains("db:5432 - accepting connections", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(fixture.Module.Container.Id, (await network.Network.InspectAsync(cancellationToken)).ContainerIds);
        // The module still serves the host through its published port.
        Assert.Equal(1, await Db.ScalarAsync<int>(fixture.Module.ConnectionString, "SELECT 1", cancellationToken));
    }
}
