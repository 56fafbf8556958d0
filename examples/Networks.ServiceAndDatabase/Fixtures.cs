using Ociman;
using Ociman.Testing;
using Ociman.Testing.XunitV3;
using Ociman.Images;
using Xunit;
using Xunit.Sdk;

namespace Networks.ServiceAndDatabase;

/// <summary>The network the service and its database share; the fixtures below join it by this logical name.</summary>
public sealed class ShopNetwork : NetworkFixture
{
    public const string Name = "shop";

    public override string LogicalName => Name;
}

/// <summary>PostgreSQL on the shop network, reachable there as "db"; seeded with one greeting. No port is published: only the service talks to it.</summary>
public sealed class DatabaseFixture(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    public const string Password = "example-only";

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(ShopNetwork.Name, cancellationToken);
        var image = await OfflineImages.PostgresAsync(engine, cancellationToken);
        return new ContainerSetup(ContainerDefinition.For(image)
                .WithEnvironment("POSTGRES_PASSWORD", Password)
                .WithEnvironment("POSTGRES_DB", "shop")
                .WithNetwork(network.Name)
                .WithNetworkAliases("db"))
            .WaitFor(Ready.ExecSucceeds("pg_isready", "-h", "127.0.0.1"))
            .SeedWith(Seed.PipeFile(Path.Combine(AppContext.BaseDirectory, "sql", "greetings.sql"), "psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "shop"));
    }
}

/// <summary>The service, built from service/Dockerfile (only when its content hash is new), on the shop network, its port published to the host.</summary>
public sealed class GreetingServiceFixture(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(ShopNetwork.Name, cancellationToken);
        var build = ImageBuild.FromDirectory(Path.Combine(AppContext.BaseDirectory, "service"))
            .WithBuildArgument("BUSYBOX", (await OfflineImages.BusyBoxAsync(engine, cancellationToken)).ToString())
            .WithBuildArgument("POSTGRES", (await OfflineImages.PostgresAsync(engine, cancellationToken)).ToString())
            .WithContentAddressedTag("ociman-examples/greeting-service");
        var image = await engine.BuildIfAbsentAsync(build, cancellationToken);

        // Ready when the service answers; whether it reaches the database is what the tests check.
        return new ContainerSetup(ContainerDefinition.For(image)
                .WithEnvironment("DB_PASSWORD", DatabaseFixture.Password)
                .WithNetwork(network.Name)
                .WithPublishedPort(8080))
            .WaitFor(Ready.Http(8080, "/index.html"));
    }

    /// <summary>The service's URL at the host and port the engine published.</summary>
    public Uri BaseAddress => new UriBuilder(Uri.UriSchemeHttp, Host, GetHostPort(8080)).Uri;
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopNetwork>, ICollectionFixture<DatabaseFixture>, ICollectionFixture<GreetingServiceFixture>
{
    public const string Name = "the greeting service and its database";
}
