using Npgsql;
using Ociman.Testing.XunitV3;
using Xunit;

namespace SharedDatabase.XunitV3;

/// <summary>
/// Each test runs inside a transaction rolled back after it, so the shared database never changes and the test
/// classes (which xUnit v3 may run in parallel) never see each other's writes.
/// </summary>
public abstract class DatabaseTest(ModuleFixture<ShopDatabase> fixture) : IAsyncLifetime
{
    private NpgsqlConnection _connection = null!;

    /// <summary>The assembly's shared PostgreSQL.</summary>
    protected ShopDatabase Postgres { get; } = fixture.Module;
    private NpgsqlTransaction _transaction = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _connection = new NpgsqlConnection(Postgres.ConnectionString);
        await _connection.OpenAsync(Cancellation);
        _transaction = await _connection.BeginTransactionAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        return (T)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    protected async Task<int> ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        return await command.ExecuteNonQueryAsync(Cancellation);
    }
}
