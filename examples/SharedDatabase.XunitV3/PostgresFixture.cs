using Npgsql;
using Ociman;
using Ociman.Testing;
using Ociman.Testing.XunitV3;
using Ociman.Images;
using SharedDatabase.XunitV3;
using Xunit;
using Xunit.Sdk;

// One PostgreSQL for the whole test assembly: started before the first test, removed after the last.
[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace SharedDatabase.XunitV3;

/// <summary>The seeded PostgreSQL, shared by every test class of the assembly (they take it in their constructor).</summary>
/// <param name="messageSink">xUnit passes it; the fixture logs its lifecycle there (diagnostic messages).</param>
public sealed class PostgresFixture(IMessageSink messageSink) : ContainerFixture(messageSink)
{
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
            .WithSnapshot(SnapshotName);   // the same snapshot as the other Postgres examples: same image, settings and SQL
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
