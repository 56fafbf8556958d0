using Npgsql;
using Ociman.Testing.XunitV3;
using Xunit;

namespace SharedDatabase.XunitV3;

// No IClassFixture or [Collection]: an assembly fixture is injected into any test class that asks for it.
public sealed class CustomerTests(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    [ContainerFact]   // skipped with the reason when no engine answers; never skipped in CI
    public async Task The_seeded_customers_are_there()
    {
        Assert.Equal(3L, await ScalarAsync<long>("SELECT count(*) FROM customers"));
    }

    [ContainerFact]
    public async Task Deleting_everyone_is_rolled_back_after_the_test()
    {
        await ExecuteAsync("DELETE FROM orders; DELETE FROM customers");

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM customers"));
    }
}

public sealed class OrderTests(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    [ContainerFact]
    public async Task Orders_add_up()
    {
        Assert.Equal(154.74m, await ScalarAsync<decimal>("SELECT sum(total) FROM orders"));
    }

    [ContainerFact]
    public async Task Every_class_gets_the_same_container()
    {
        var fromContext = await TestContext.Current.GetFixture<ModuleFixture<ShopDatabase>>();

        Assert.Same(Postgres, fromContext?.Module);
        Assert.Equal(ShopDatabase.SnapshotName, Postgres.SnapshotImage?.Name);
    }
}

// A test that must commit (or change the schema) takes a database of its own, copied from the seeded state.
public sealed class ReportTests(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    [ContainerFact]
    public async Task A_database_of_its_own_starts_seeded_and_keeps_its_commits_to_itself()
    {
        var database = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        try
        {
            await using (var own = new NpgsqlConnection(Postgres.GetConnectionString(database)))
            {
                await own.OpenAsync(Cancellation);
                await using var truncate = new NpgsqlCommand("TRUNCATE orders", own);
                await truncate.ExecuteNonQueryAsync(Cancellation);
                await using var count = new NpgsqlCommand("SELECT count(*) FROM customers", own);
                Assert.Equal(3L, (long)(await count.ExecuteScalarAsync(Cancellation))!);
            }

            Assert.Equal(154.74m, await ScalarAsync<decimal>("SELECT sum(total) FROM orders"));   // the shared database is untouched
        }
        finally
        {
            await Postgres.DropDatabaseAsync(database, Cancellation);
        }
    }
}
