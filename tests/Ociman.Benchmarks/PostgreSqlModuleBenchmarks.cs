using BenchmarkDotNet.Attributes;
using Npgsql;
using Ociman.Testing;
using Ociman.Testing.PostgreSql;
using Testcontainers.PostgreSql;

namespace Ociman.Benchmarks;

/// <summary>
/// Scenario 6: the PostgreSQL modules side by side. The kit's PostgreSQL image, the schema and rows of scenario 3, the
/// same join query over Npgsql at each module's own connection string; dispose.
/// </summary>
/// <remarks>
/// Ociman: <see cref="PostgreSqlModule"/> configured by deriving (<see cref="BenchPostgreSqlModule"/>: a seed and a
/// <c>SnapshotName</c>); the global setup made the snapshot, so every iteration is a snapshot hit (checked through
/// <c>StartedFromSnapshot</c>). Testcontainers: <c>Testcontainers.PostgreSql</c>'s <c>PostgreSqlBuilder</c> with its own
/// wait strategy, seeded each time with <c>ExecScriptAsync</c> (which copies the script into the container and runs
/// <c>psql --file</c>), as its users do.
/// </remarks>
[BenchmarkCategory("6-postgres-module-warm")]
public class PostgreSqlModuleBenchmarks
{
    public const string Database = "bench";

    [GlobalSetup]
    public void Setup()
    {
        BenchEnvironment.Initialize();
        // The cold run: creates (or finds) the module's snapshot, so that every measured iteration is warm.
        var module = new BenchPostgreSqlModule();
        module.StartAsync().GetAwaiter().GetResult();
        module.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.RemoveLeftoversAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> Ociman()
    {
        var module = new BenchPostgreSqlModule();
        await using (module)
        {
            await module.StartAsync();
            if (!module.StartedFromSnapshot)
            {
                throw new InvalidOperationException("The module seeded instead of starting from its snapshot.");
            }

            return await CountAsync(module.ConnectionString);
        }
    }

    [Benchmark]
    public async Task<long> Testcontainers()
    {
        var container = new PostgreSqlBuilder(BenchEnvironment.ForTestcontainers(BenchEnvironment.Postgres))
            .WithLabel(BenchEnvironment.BenchLabel, "1")
            .WithDatabase(Database)
            .WithUsername("postgres")
            .WithPassword(BenchEnvironment.PostgresPassword)
            .Build();
        await using (container)
        {
            await container.StartAsync();
            var seed = await container.ExecScriptAsync(BenchEnvironment.SeedSql);
            if (seed.ExitCode != 0)
            {
                throw new InvalidOperationException($"ExecScriptAsync failed ({seed.ExitCode}): {seed.Stderr}");
            }

            return await CountAsync(container.GetConnectionString());
        }
    }

    /// <summary>The query of scenario 3 at a module's own connection string, without pooling (each iteration's server is gone after it).</summary>
    private static Task<long> CountAsync(string connectionString) =>
        SeededDatabaseBenchmarks.CountAsync(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
}

/// <summary>The module as its users configure it: derived, with options holding the seed and a snapshot name.</summary>
public sealed class BenchPostgreSqlModule() : PostgreSqlModule(new PostgreSqlOptions
{
    Database = PostgreSqlModuleBenchmarks.Database,
    Password = BenchEnvironment.PostgresPassword,
    Seeds = [PostgreSqlSeed.Sql(BenchEnvironment.SeedSql)],
    SnapshotName = ImageReference.Parse("ociman-bench/pg-module"),
})
{
    /// <summary>The module's own setup, labelled as a benchmark container so that leftovers are found.</summary>
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var setup = await base.ConfigureAsync(engine, cancellationToken);
        return setup with { Definition = setup.Definition.WithLabel(BenchEnvironment.BenchLabel, "1") };
    }
}
