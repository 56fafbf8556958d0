using Ociman.Testing.XunitV3;
using Xunit;

namespace SharedDatabase.XunitV3;

// No IClassFixture or [Collection]: an assembly fixture is injected into any test class that asks for it.
public sealed class CustomerTests(PostgresFixture postgres) : DatabaseTest(postgres)
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

public sealed class OrderTests(PostgresFixture postgres) : DatabaseTest(postgres)
{
    [ContainerFact]
    public async Task Orders_add_up()
    {
        Assert.Equal(154.74m, await ScalarAsync<decimal>("SELECT sum(total) FROM orders"));
    }

    [ContainerFact]
    public async Task Every_class_gets_the_same_container()
    {
        var fromContext = await TestContext.Current.GetFixture<PostgresFixture>();

        Assert.Same(Postgres, fromContext);
        Assert.Equal(PostgresFixture.SnapshotName, Postgres.SnapshotImage?.Name);
    }
}
