using Npgsql;
using NUnit.Framework;
using Ociman.Testing.NUnit;

namespace SharedDatabase.NUnit;

/// <summary>
/// Each test runs inside a transaction that is rolled back after it: the shared database is never changed, so the
/// tests of every class see the seeded data whatever ran before. (The code under test must use <see cref="Connection"/>.)
/// </summary>
[RequiresContainerEngine]
public abstract class DatabaseTest
{
    protected NpgsqlConnection Connection { get; private set; } = null!;

    private NpgsqlTransaction _transaction = null!;

    [SetUp]
    public async Task BeginAsync()
    {
        Connection = new NpgsqlConnection(SharedPostgres.Fixture.ConnectionString);
        await Connection.OpenAsync();
        _transaction = await Connection.BeginTransactionAsync();
    }

    [TearDown]
    public async Task RollBackAsync()
    {
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    protected async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Connection, _transaction);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, Connection, _transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
