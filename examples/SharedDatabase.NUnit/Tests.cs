using NUnit.Framework;

namespace SharedDatabase.NUnit;

public sealed class CustomerTests : DatabaseTest
{
    [Test, CancelAfter(30_000)]
    public async Task The_seeded_customers_are_there(CancellationToken cancellationToken)
    {
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM customers", cancellationToken), Is.EqualTo(3));
    }

    [Test, CancelAfter(30_000)]
    public async Task Deleting_everyone_is_rolled_back_after_the_test(CancellationToken cancellationToken)
    {
        await ExecuteAsync("DELETE FROM orders; DELETE FROM customers", cancellationToken);

        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM customers", cancellationToken), Is.Zero);
    }
}

public sealed class OrderTests : DatabaseTest
{
    [Test, CancelAfter(30_000)]
    public async Task Orders_add_up(CancellationToken cancellationToken)
    {
        Assert.That(await ScalarAsync<decimal>("SELECT sum(total) FROM orders", cancellationToken), Is.EqualTo(154.74m));
    }

    [Test]
    public void The_shared_container_started_from_the_snapshot_or_seeded_it()
    {
        var postgres = SharedPostgres.Fixture;
        Assert.That(postgres.SnapshotImage?.Name, Is.EqualTo(PostgresFixture.SnapshotName));
        Assert.That(postgres.SeedStepsRun, Is.EqualTo(postgres.StartedFromSnapshot ? 0 : 3));   // two SQL files and the template copy
    }
}
