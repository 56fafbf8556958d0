using Npgsql;
using Ociman.Testing.Xunit;
using Xunit;

namespace CollectionFixture.XunitV2;

[Collection("postgres")]
public sealed class CustomerSpecs(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    [ContainerFact]
    public async Task Every_test_starts_from_the_seeded_customers()
    {
        Assert.Equal(3L, await Db.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM customers"));
    }

    [ContainerFact]
    public async Task A_test_may_commit_and_break_things()
    {
        // Committed, not rolled back: the next test still sees the seeded data, because it gets its own copy.
        await Db.ExecuteAsync(ConnectionString, "DELETE FROM orders; DELETE FROM customers");
        Assert.Equal(0L, await Db.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM customers"));
    }
}

[Collection("postgres")]
public sealed class OrderSpecs(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    [ContainerFact]
    public async Task Orders_add_up()
    {
        Assert.Equal(154.74m, await Db.ScalarAsync<decimal>(ConnectionString, "SELECT sum(total) FROM orders"));
    }

    [ContainerFact]
    public async Task Each_test_has_a_database_of_its_own()
    {
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        Assert.StartsWith("test_", database, StringComparison.Ordinal);
        Assert.Equal(database, await Db.ScalarAsync<string>(ConnectionString, "SELECT current_database()"));
    }
}

[Collection("postgres")]
public sealed class IsolationSpecs(ModuleFixture<ShopDatabase> postgres) : DatabaseTest(postgres)
{
    // Both tests write the same row and first check that it is not there. Whichever runs second would fail
    // if the first one's (committed) write leaked into its database.
    [ContainerTheory]
    [InlineData("first")]
    [InlineData("second")]
    public async Task A_write_in_one_test_is_invisible_to_the_next(string run)
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM customers WHERE name = 'Probe'"));

        await Db.ExecuteAsync(ConnectionString, $"INSERT INTO customers (name, email) VALUES ('Probe', '{run}@example.com')");

        Assert.Equal(1L, await Db.ScalarAsync<long>(ConnectionString, "SELECT count(*) FROM customers WHERE name = 'Probe'"));
    }
}

/// <summary>Two one-liners so the tests read as what they check.</summary>
internal static class Db
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
