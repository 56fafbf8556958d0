using Npgsql;
using Ociman;
using Ociman.Testing;
using Ociman.Testing.Xunit;
using Ociman.Images;

namespace CollectionFixture.XunitV2;

/// <summary>
/// One PostgreSQL container for the whole "postgres" collection. The seeded "shop" database is only a template:
/// every test gets a fresh copy of it (<see cref="CreateDatabaseAsync"/>), so tests can write, even commit, freely.
/// </summary>
public sealed class PostgresFixture : ContainerFixture
{
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
            // The seeded state is committed as ociman-examples/postgres:<hash of image, settings and SQL files>;
            // later runs start from that image (no initdb, no seeding). Edit a SQL file and the hash changes.
            .WithSnapshot("ociman-examples/postgres");
    }

    private static SeedStep Psql(string file) => Seed.PipeFile(
        Path.Combine(AppContext.BaseDirectory, "sql", file),
        "psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "shop");

    /// <summary>The seeded template database (tests do not connect to it: a template must have no connections).</summary>
    public override string ConnectionString => _connectionString ??= new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = GetHostPort(5432),   // from the inspection taken when the container became ready: no engine call
        Username = "postgres",
        Password = Password,
        Database = "shop",
    }.ConnectionString;

    /// <summary>Creates a private copy of the seeded database and returns its connection string.</summary>
    /// <remarks>A copy of a small template takes a few hundred milliseconds: a file copy inside the server, no SQL replayed.</remarks>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var admin = await OpenAdminConnectionAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE shop STRATEGY FILE_COPY", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections (WITH FORCE).</summary>
    public async Task DropDatabaseAsync(string name)
    {
        await using var admin = await OpenAdminConnectionAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAdminConnectionAsync()
    {
        var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        return admin;
    }
}
