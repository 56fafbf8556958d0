using Xunit;

namespace CollectionFixture.XunitV2;

/// <summary>Every class marked [Collection("postgres")] shares one <see cref="PostgresFixture"/> (the classes run one after another).</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>Gives each test its own copy of the seeded database, dropped after the test.</summary>
/// <remarks>xUnit makes a new instance of the test class for every test, and calls InitializeAsync/DisposeAsync around it.</remarks>
public abstract class DatabaseTest(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _database = "test_" + Guid.NewGuid().ToString("N");

    /// <summary>The connection string of this test's own database.</summary>
    protected string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync() => ConnectionString = await postgres.CreateDatabaseAsync(_database);

    public Task DisposeAsync() => postgres.DropDatabaseAsync(_database);
}
