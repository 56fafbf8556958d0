using Npgsql;
using Ociman.Testing.Xunit;
using Xunit;

namespace ClassFixture.XunitV2;

// IClassFixture: xUnit starts one PostgresFixture before the first test of this class (ready and seeded),
// shares it between the class's tests, and stops and removes it after the last one.
public sealed class CustomerQueries(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [ContainerFact]   // skipped with the reason when no engine answers; never skipped in CI
    public async Task The_seeded_customers_are_there()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM customers ORDER BY name", connection);
        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["Ada", "Grace", "Linus"], names);
    }

    [ContainerFact]
    public async Task The_schema_enforces_its_constraints()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO orders (customer_id, total) VALUES (-1, 10)", connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [ContainerFact]
    public void The_fixture_ran_both_seed_steps()
    {
        Assert.False(postgres.StartedFromSnapshot);
        Assert.Equal(2, postgres.SeedStepsRun);
    }
}

// A second class with the same IClassFixture gets a container of its own (xUnit may run both classes in parallel).
public sealed class OrderQueries(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [ContainerFact]
    public async Task Totals_per_customer_add_up()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.name, sum(o.total) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.name ORDER BY c.name",
            connection);
        var totals = new Dictionary<string, decimal>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                totals[reader.GetString(0)] = reader.GetDecimal(1);
            }
        }

        Assert.Equal(new Dictionary<string, decimal> { ["Ada"] = 42.50m, ["Grace"] = 99.99m, ["Linus"] = 12.25m }, totals);
    }

    [ContainerFact]
    public async Task It_connects_over_tcp_to_the_shop_database()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT inet_server_addr() IS NOT NULL, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0));   // connected over TCP, through the published port
        Assert.Equal("shop", reader.GetString(1));
    }
}
