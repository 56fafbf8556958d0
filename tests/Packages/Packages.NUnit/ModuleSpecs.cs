using MySqlConnector;
using Npgsql;
using NUnit.Framework;
using Ociman.Testing.MariaDb;
using Ociman.Testing.NUnit;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.Redis;
using StackExchange.Redis;

namespace Packages.NUnit;

// Each module as the container of an NUnit test class, from the packed packages: the server answers its own client.

public sealed class PostgreSqlSpecs : ContainerTestFixture<PostgreSqlModule>
{
    [Test]
    public async Task The_module_serves_PostgreSQL_at_its_connection_string()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        Assert.That((string?)await command.ExecuteScalarAsync(), Does.StartWith("PostgreSQL "));
    }
}

public sealed class MariaDbSpecs : ContainerTestFixture<MariaDbModule>
{
    [Test]
    public async Task The_module_serves_MariaDB_at_its_connection_string()
    {
        await using var connection = new MySqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT VERSION()", connection);
        Assert.That((string?)await command.ExecuteScalarAsync(), Does.Contain("MariaDB"));
    }
}

public sealed class RedisSpecs : ContainerTestFixture<RedisModule>
{
    [Test]
    public async Task The_module_serves_Redis_at_its_connection_string()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Fixture.ConnectionString);
        var database = connection.GetDatabase();
        Assert.That(await database.StringSetAsync("package-spec", "nunit"), Is.True);
        Assert.That((string?)await database.StringGetAsync("package-spec"), Is.EqualTo("nunit"));
    }
}
