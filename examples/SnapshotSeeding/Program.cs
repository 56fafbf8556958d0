// Snapshot seeding: start the same seeded PostgreSQL fixture twice. The first start seeds it and commits the result
// as ociman-examples/postgres:<snapshot key> (or finds that image from an earlier run); the second start runs the
// committed image, so it skips initdb and the SQL. Pass --fresh to remove the snapshot first and see cold vs warm.
//   dotnet run --project examples/SnapshotSeeding [-- --fresh] [-- --verbose]
using Microsoft.Extensions.Logging;
using Npgsql;
using Ociman;
using Ociman.Testing;
using SnapshotSeeding;

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(args.Contains("--verbose") ? LogLevel.Information : LogLevel.Warning));
TestEngine.UseLoggerFactory(loggerFactory);

// The engine the fixtures use: detected once per process (OCIMAN_BACKEND=docker|podman picks one).
var engine = await TestEngine.GetAsync();
Console.WriteLine($"Engine: {engine}");

if (args.Contains("--fresh"))
{
    foreach (var snapshot in await engine.ListImagesAsync(ImageReference.Parse(PostgresFixture.SnapshotName)))
    {
        await engine.RemoveImageAsync(snapshot, force: true);
        Console.WriteLine($"--fresh: removed {snapshot}");
    }
}

var first = await StartAndCountAsync("first start ");
var second = await StartAndCountAsync("second start");

if (!second.FromSnapshot || second.Customers != 3)
{
    Console.Error.WriteLine("FAILED: the second start should have come from the snapshot, with the 3 seeded customers.");
    return 1;
}

Console.WriteLine(first.FromSnapshot
    ? "Both starts came from the snapshot an earlier run committed (run with --fresh to see a cold start)."
    : $"The snapshot saved {(first.StartupTime - second.StartupTime).TotalSeconds:0.0} s on the second start.");
return 0;

async Task<(bool FromSnapshot, TimeSpan StartupTime, long Customers)> StartAndCountAsync(string label)
{
    await using var postgres = new PostgresFixture { LoggerFactory = loggerFactory };
    await postgres.StartAsync();   // run, wait until ready, seed (or start from the snapshot)

    await using var connection = new NpgsqlConnection(postgres.ConnectionString);
    await connection.OpenAsync();
    await using var count = new NpgsqlCommand("SELECT count(*) FROM customers", connection);
    var customers = (long)(await count.ExecuteScalarAsync())!;

    Console.WriteLine(
        $"{label}: {postgres.StartupTime.TotalSeconds,5:0.00} s, "
        + (postgres.StartedFromSnapshot ? "from the snapshot" : "seeded and committed")
        + $", {postgres.SeedStepsRun} seed step(s) ran, {customers} customers; image {postgres.SnapshotImage}");
    return (postgres.StartedFromSnapshot, postgres.StartupTime, customers);
}   // await using: the container is stopped and removed here
