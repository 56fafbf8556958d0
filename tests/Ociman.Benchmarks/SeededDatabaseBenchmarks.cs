using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Ociman.Images;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>
/// Scenario 3: PostgreSQL (the kit's image) with the same schema and 7,000 rows, ready for a query; one query, then dispose.
/// </summary>
/// <remarks>
/// Ociman: a snapshot fixture (the seeded state was committed once by the global setup, so every iteration is a
/// snapshot hit: no initdb, no seed). Testcontainers: the same image started with a pg_isready wait, seeded with
/// <c>psql -c</c> through <c>ExecAsync</c> (it has no stdin), queried, disposed.
/// </remarks>
[BenchmarkCategory("3-seeded-db-warm")]
public class SeededDatabaseBenchmarks
{
    [GlobalSetup]
    public void Setup()
    {
        BenchEnvironment.Initialize();
        // The cold run: creates (or finds) the snapshot, so that every measured iteration is warm.
        var fixture = new PostgresSnapshotFixture();
        fixture.StartAsync().GetAwaiter().GetResult();
        fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.RemoveLeftoversAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> Ociman()
    {
        var fixture = new PostgresSnapshotFixture();
        await using (fixture)
        {
            await fixture.StartAsync();
            if (!fixture.StartedFromSnapshot)
            {
                throw new InvalidOperationException("The fixture seeded instead of starting from its snapshot.");
            }

            return await CountAsync(fixture.ConnectionString);
        }
    }

    [Benchmark]
    public async Task<long> Testcontainers()
    {
        var container = new ContainerBuilder(BenchEnvironment.ForTestcontainers(BenchEnvironment.Postgres))
            .WithLabel(BenchEnvironment.BenchLabel, "1")
            .WithEnvironment("POSTGRES_PASSWORD", BenchEnvironment.PostgresPassword)
            .WithPortBinding(OfflineImages.PostgresPort, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted("pg_isready", "-h", "127.0.0.1", "-U", "postgres"))
            .Build();
        await using (container)
        {
            await container.StartAsync();
            var seed = await container.ExecAsync(["psql", .. BenchEnvironment.PsqlArguments, "-c", BenchEnvironment.SeedSql]);
            if (seed.ExitCode != 0)
            {
                throw new InvalidOperationException($"seeding failed ({seed.ExitCode}): {seed.Stderr}");
            }

            return await CountAsync(ConnectionString(container.Hostname, container.GetMappedPublicPort(OfflineImages.PostgresPort)));
        }
    }

    public static string ConnectionString(string host, int port) =>
        $"Host={host};Port={port};Username=postgres;Password={BenchEnvironment.PostgresPassword};Database=postgres;Pooling=false;Timeout=30";

    public static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(BenchEnvironment.CountQuery, connection);
        var count = (long)(await command.ExecuteScalarAsync())!;
        return count == BenchEnvironment.ExpectedCount ? count : throw new InvalidOperationException($"count was {count}");
    }
}

/// <summary>The Ociman peer of scenario 3: the kit's Postgres image, seeded by psql from stdin, snapshotted.</summary>
public sealed class PostgresSnapshotFixture : ContainerFixtureBase
{
    private int _port;

    public override string ConnectionString => SeededDatabaseBenchmarks.ConnectionString(Host, _port);

    protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        Task.FromResult(new ContainerSetup(
                ContainerDefinition.For(BenchEnvironment.Postgres)
                    .WithLabel(BenchEnvironment.BenchLabel, "1")
                    .WithEnvironment("POSTGRES_PASSWORD", BenchEnvironment.PostgresPassword)
                    .WithPublishedPort(OfflineImages.PostgresPort))
            .WaitFor(Ready.ExecSucceeds("pg_isready", "-h", "127.0.0.1", "-U", "postgres"))
            .SeedWith(Seed.PipeText(BenchEnvironment.SeedSql, "psql", BenchEnvironment.PsqlArguments))
            .WithSnapshot("ociman-bench/pg"));

    /// <summary>Starts the fixture and reads the published port once.</summary>
    public new async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await base.StartAsync(cancellationToken);
        _port = await GetHostPortAsync(OfflineImages.PostgresPort, cancellationToken);
    }
}
