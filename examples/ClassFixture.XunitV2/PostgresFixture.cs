using Npgsql;
using Ociman;
using Ociman.Testing;
using Ociman.Testing.Xunit;
using Ociman.Images;

namespace ClassFixture.XunitV2;

/// <summary>A PostgreSQL container with the shop's schema and data, one per test class that asks for it.</summary>
public sealed class PostgresFixture : ContainerFixture
{
    private const string Password = "example-only";
    private string? _connectionString;

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        // Built offline from Debian's postgresql-15 (content-addressed: built once, then found by its hash).
        var image = await OfflineImages.PostgresAsync(engine, cancellationToken);

        return new ContainerSetup(ContainerDefinition.For(image)
                .WithEnvironment("POSTGRES_PASSWORD", Password)   // never on a command line
                .WithEnvironment("POSTGRES_DB", "shop")
                .WithPublishedPort(5432))                         // 127.0.0.1:<random>->5432
            .WaitFor(
                Ready.ExecSucceeds("pg_isready", "-h", "127.0.0.1"),  // the server accepts TCP inside the container
                Ready.TcpPort(5432))                                   // and the published port answers from the host
            .SeedWith(Psql("schema.sql"), Psql("data.sql"));   // run in order, once the container is ready
    }

    /// <summary>Pipes a SQL file of the output directory into psql in the container; any error fails the seed step.</summary>
    private static SeedStep Psql(string file) => Seed.PipeFile(
        Path.Combine(AppContext.BaseDirectory, "sql", file),
        "psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "shop");

    /// <summary>Npgsql's connection string for the shop database, at the host and port the engine published.</summary>
    public override string ConnectionString => _connectionString ??= new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = GetHostPort(5432),   // from the inspection taken when the container became ready: no engine call
        Username = "postgres",
        Password = Password,
        Database = "shop",
    }.ConnectionString;
}
