using NUnit.Framework;
using Ociman.Testing.NUnit;

namespace Modules.MariaDb.NUnit;

// ContainerTestFixture<T>: NUnit starts one InventoryDatabase before the first test of this class ([OneTimeSetUp]),
// seeded or from its snapshot, and removes it after the last ([OneTimeTearDown]).
[RequiresContainerEngine]   // ignored with the reason when no engine answers; never in CI, where the tests fail instead
public sealed class StockQueryTests : ContainerTestFixture<InventoryDatabase>
{
    // These tests only read, so they share the seeded database.
    private InventoryRepository Repository => new(Fixture.ConnectionString);

    [Test, CancelAfter(30_000)]
    public async Task Reads_the_seeded_stock(CancellationToken cancellationToken)
    {
        Assert.That(await Repository.GetStockAsync("LAMP-01", cancellationToken), Is.EqualTo(12));
        Assert.That(await Repository.GetStockAsync("NOPE-99", cancellationToken), Is.Null);
    }

    [Test, CancelAfter(30_000)]
    public async Task Lists_the_products_running_low(CancellationToken cancellationToken)
    {
        Assert.That(await Repository.GetLowStockAsync(threshold: 2, cancellationToken),
            Is.EqualTo(new[] { "Glass vase", "Wool rug" }));
    }

    [Test]
    public void The_container_started_from_the_snapshot_or_seeded_it()
    {
        Assert.That(Fixture.SnapshotImage?.Name, Is.EqualTo(InventoryDatabase.SnapshotName));
        Assert.That(Fixture.SeedStepsRun, Is.EqualTo(Fixture.StartedFromSnapshot ? 0 : 2));
    }
}

// The repository commits on its own connections, so each test that writes gets a database of its own, copied from the
// seeded state, and drops it afterwards: the tests see the seeded rows whatever ran before, and never each other's.
[RequiresContainerEngine]
public sealed class ReservationTests : ContainerTestFixture<InventoryDatabase>
{
    private string _database = null!;
    private InventoryRepository _repository = null!;

    [SetUp]
    public async Task CreateOwnDatabaseAsync()
    {
        _database = await Fixture.CreateDatabaseAsync(cancellationToken: TestContext.CurrentContext.CancellationToken);
        _repository = new InventoryRepository(Fixture.GetConnectionString(_database));
    }

    [TearDown]
    public async Task DropOwnDatabaseAsync() =>
        await Fixture.DropDatabaseAsync(_database, TestContext.CurrentContext.CancellationToken);

    [Test, CancelAfter(30_000)]
    public async Task A_reservation_takes_stock_and_is_recorded(CancellationToken cancellationToken)
    {
        Assert.That(await _repository.TryReserveAsync("LAMP-01", 5, cancellationToken), Is.True);

        Assert.That(await _repository.GetStockAsync("LAMP-01", cancellationToken), Is.EqualTo(7));
        Assert.That(await _repository.GetReservedAsync("LAMP-01", cancellationToken), Is.EqualTo(5));
    }

    [Test, CancelAfter(30_000)]
    public async Task A_reservation_beyond_the_stock_changes_nothing(CancellationToken cancellationToken)
    {
        Assert.That(await _repository.TryReserveAsync("MUG-02", 4, cancellationToken), Is.False);

        Assert.That(await _repository.GetStockAsync("MUG-02", cancellationToken), Is.EqualTo(3));
        Assert.That(await _repository.GetReservedAsync("MUG-02", cancellationToken), Is.Zero);
    }

    [Test, CancelAfter(30_000)]
    public async Task The_last_unit_goes_once(CancellationToken cancellationToken)
    {
        Assert.That(await _repository.TryReserveAsync("VASE-04", 1, cancellationToken), Is.True);
        Assert.That(await _repository.TryReserveAsync("VASE-04", 1, cancellationToken), Is.False);

        Assert.That(await _repository.GetLowStockAsync(threshold: 1, cancellationToken),
            Is.EqualTo(new[] { "Glass vase", "Wool rug" }));
    }

    [Test, CancelAfter(30_000)]
    public async Task The_shared_database_keeps_the_seeded_stock(CancellationToken cancellationToken)
    {
        Assert.That(await _repository.TryReserveAsync("LAMP-01", 12, cancellationToken), Is.True);

        var shared = new InventoryRepository(Fixture.ConnectionString);
        Assert.That(await shared.GetStockAsync("LAMP-01", cancellationToken), Is.EqualTo(12));
        Assert.That(await _repository.GetStockAsync("LAMP-01", cancellationToken), Is.Zero);
    }
}
