using Npgsql;
using Ociman;
using Ociman.Testing;
using Ociman.Images;

namespace SnapshotSeeding;

/// <summary>
/// The seeded PostgreSQL of the other examples, framework-neutral (<see cref="ContainerFixtureBase"/>: no test
/// framework needed). With <c>WithSnapshot</c>, the first start seeds and commits the result; every later start,
/// in this process or the next, runs the committed image instead: no initdb, no SQL replayed.
/// </summary>
public sealed class PostgresFixture : ContainerFixtureBase
{
    /// <summary>The repository the seeded state is committed under; the tag is the snapshot key.</summary>
    public const string SnapshotName = "ociman-examples/postgres";

    private const string Password = "example-only";
    private string? _connectionString;

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var image = await OfflineImages.PostgresAsync(engine, cancellationToken);
        return new ContainerSetup(ContainerDefinition.For(image)
                .WithEnvironment("POSTGRES_PASSWORD", Password)
                .WithEnvironment("POSTGRES_DB", "shop")
                .WithPublishedPort(5432))
            .WaitFor(Ready.ExecSucceeds("pg_isready", "-h", "127.0.0.1"), Ready.TcpPort(5432))
            .SeedWith(Psql("schema.sql"), Psql("data.sql"))
            // Tag = SHA-256 of the base image id, the definition (environment, arguments…) and every seed step with its file's bytes.
            .WithSnapshot(SnapshotName);
    }

    private static SeedStep Psql(string file) => Seed.PipeFile(
        Path.Combine(AppContext.BaseDirectory, "sql", file),
        "psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "shop");

    public override string ConnectionString => _connectionString ??= new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = GetHostPort(5432),   // from the inspection taken when the container became ready: no engine call
        Username = "postgres",
        Password = Password,
        Database = "shop",
    }.ConnectionString;
}
