using Ociman.Testing.Xunit;
using Xunit;

namespace CollectionFixture.XunitV2;

/// <summary>Every class marked [Collection("postgres")] shares one <see cref="ShopDatabase"/> (the classes run one after another).</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<ModuleFixture<ShopDatabase>>;

/// <summary>Gives each test its own copy of the seeded database, dropped after the test.</summary>
/// <remarks>xUnit makes a new instance of the test class for every test, and calls InitializeAsync/DisposeAsync around it.</remarks>
public abstract class DatabaseTest(ModuleFixture<ShopDatabase> postgres) : IAsyncLifetime
{
    private string? _database;

    /// <summary>The connection string of this test's own database.</summary>
    protected string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        _database = await postgres.Module.CreateDatabaseAsync();   // test_<16 hex digits>, a copy of the seeded state
        ConnectionString = postgres.Module.GetConnectionString(_database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await postgres.Module.DropDatabaseAsync(_database);   // WITH (FORCE): closes what the test left open
        }
    }
}
