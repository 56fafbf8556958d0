using MySqlConnector;
using Npgsql;
using Ociman.Testing.MariaDb;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.Redis;
using Ociman.Testing.XunitV3;
using StackExchange.Redis;
using Xunit;

namespace Packages.XunitV3;

// Each module as an xUnit v3 class fixture, from the packed packages: the server answers its own client.

public sealed class PostgreSqlSpecs(ModuleFixture<PostgreSqlModule> postgres) : IClassFixture<ModuleFixture<PostgreSqlModule>>
{
    [Fact]
    public async Task The_module_serves_PostgreSQL_at_its_connection_string()
    {
        await using var connection = new NpgsqlConnection(postgres.Module.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        Assert.StartsWith("PostgreSQL ", (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}

public sealed class MariaDbSpecs(ModuleFixture<MariaDbModule> mariaDb) : IClassFixture<ModuleFixture<MariaDbModule>>
{
    [Fact]
    public async Task The_module_serves_MariaDB_at_its_connection_string()
    {
        await using var connection = new MySqlConnection(mariaDb.Module.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new MySqlCommand("SELECT VERSION()", connection);
        Assert.Contains("MariaDB", (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, StringComparison.Ordinal);
    }
}

public sealed class RedisSpecs(ModuleFixture<RedisModule> redis) : IClassFixture<ModuleFixture<RedisModule>>
{
    [Fact]
    public async Task The_module_serves_Redis_at_its_connection_string()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Module.ConnectionString);
        var database = connection.GetDatabase();
        Assert.True(await database.StringSetAsync("package-spec", "v3"));
        Assert.Equal("v3", (string?)await database.StringGetAsync("package-spec"));
    }
}
