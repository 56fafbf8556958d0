using Npgsql;
using Ociman.Testing;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.XunitV3;

namespace Ociman.Modules.Tests.PostgreSql;

/// <summary>A seeded PostgreSQL module used as a class fixture, reached with Npgsql.</summary>
public sealed class PostgreSqlModuleSpecs(ModuleFixture<SeededPostgres> fixture) : IClassFixture<ModuleFixture<SeededPostgres>>
{
    private SeededPostgres Postgres => fixture.Module;

    [ContainerFact(Timeout = 120_000)]
    public async Task The_seeded_rows_from_text_and_from_a_file_are_in_the_database()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        Assert.Equal(2L, await Db.ScalarAsync<long>(Postgres.ConnectionString, "SELECT count(*) FROM customers", cancellationToken));
        Assert.Equal(35.75m, await Db.ScalarAsync<decimal>(Postgres.ConnectionString, "SELECT sum(total) FROM orders", cancellationToken));
        Assert.Equal(3, Postgres.SeedStepsRun);   // two seeds and the template copy
        Assert.False(Postgres.StartedFromSnapshot);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task The_connection_string_names_the_user_database_and_published_port()
    {
        var parsed = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString);

        Assert.Equal("postgres", parsed.Username);
        Assert.Equal("shop", parsed.Database);
        Assert.Equal("p;w='x\"y", parsed.Password);
        Assert.Equal(await Postgres.GetHostPortAsync(PostgreSqlModule.Port, TestContext.Current.CancellationToken), parsed.Port);
        Assert.Equal("shop", await Db.ScalarAsync<string>(Postgres.ConnectionString, "SELECT current_database()"));
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_created_database_is_an_isolated_copy_of_the_seeded_state()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var first = await Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var second = await Postgres.CreateDatabaseAsync("isolated_second", cancellationToken);
        try
        {
            Assert.Equal("isolated_second", second);
            Assert.NotEqual(first, second);
            Assert.Matches(PostgreSqlOptions.IdentifierPattern, first);

            await Db.ExecuteAsync(Postgres.GetConnectionString(first), "INSERT INTO customers VALUES (3, 'Linus'); DELETE FROM orders");

            Assert.Equal(3L, await Db.ScalarAsync<long>(Postgres.GetConnectionString(first), "SELECT count(*) FROM customers"));
            Assert.Equal(0L, await Db.ScalarAsync<long>(Postgres.GetConnectionString(first), "SELECT count(*) FROM orders"));
            Assert.Equal(2L, await Db.ScalarAsync<long>(Postgres.GetConnectionString(second), "SELECT count(*) FROM customers"));
            Assert.Equal(3L, await Db.ScalarAsync<long>(Postgres.GetConnectionString(second), "SELECT count(*) FROM orders"));
            Assert.Equal(2L, await Db.ScalarAsync<long>(Postgres.ConnectionString, "SELECT count(*) FROM customers"));
        }
        finally
        {
            await Postgres.DropDatabaseAsync(first, cancellationToken);
            await Postgres.DropDatabaseAsync(second, cancellationToken);
        }
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Dropping_a_database_removes_it_even_while_a_client_is_connected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = await Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
        await using var connected = new NpgsqlConnection(Postgres.GetConnectionString(name));
        await connected.OpenAsync(cancellationToken);
        Assert.Equal(1L, await Db.ScalarAsync<long>(Postgres.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"));

        await Postgres.DropDatabaseAsync(name, cancellationToken);

        Assert.Equal(0L, await Db.ScalarAsync<long>(Postgres.ConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"));
        await Postgres.DropDatabaseAsync(name, cancellationToken);   // dropping a missing database is no error
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Databases_created_at_the_same_time_are_all_copies_of_the_seeded_state()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var names = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken)));
        try
        {
            Assert.Equal(4, names.Distinct().Count());
            foreach (var name in names)
            {
                Assert.Equal(2L, await Db.ScalarAsync<long>(Postgres.GetConnectionString(name), "SELECT count(*) FROM customers"));
            }
        }
        finally
        {
            foreach (var name in names)
            {
                await Postgres.DropDatabaseAsync(name, cancellationToken);
            }
        }
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Creating_a_database_that_exists_fails_with_psqls_message()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = await Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
        try
        {
            var failure = await Assert.ThrowsAsync<ExecFailedException>(() => Postgres.CreateDatabaseAsync(name, cancellationToken));

            Assert.Contains("already exists", failure.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(Postgres.Options.Password, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Postgres.DropDatabaseAsync(name, cancellationToken);
        }
    }

    [Theory]
    [InlineData("Shop")]
    [InlineData("x; DROP DATABASE shop")]
    [InlineData("1abc")]
    [InlineData("")]
    public async Task Bad_database_names_are_rejected_before_anything_runs(string name)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var create = await Assert.ThrowsAsync<ArgumentException>(() => Postgres.CreateDatabaseAsync(name, cancellationToken));
        var drop = await Assert.ThrowsAsync<ArgumentException>(() => Postgres.DropDatabaseAsync(name, cancellationToken));
        var connect = Assert.Throws<ArgumentException>(() => Postgres.GetConnectionString(name));

        foreach (var failure in new[] { create, drop, connect })
        {
            Assert.Contains($"'{name}'", failure.Message, StringComparison.Ordinal);
            Assert.Contains(PostgreSqlOptions.IdentifierPattern, failure.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("shop")]
    [InlineData(PostgreSqlModule.TemplateDatabase)]
    [InlineData("template1")]
    [InlineData("postgres")]
    public async Task The_main_template_and_system_databases_cannot_be_created_or_dropped(string name)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var drop = await Assert.ThrowsAsync<ArgumentException>(() => Postgres.DropDatabaseAsync(name, cancellationToken));
        var create = await Assert.ThrowsAsync<ArgumentException>(() => Postgres.CreateDatabaseAsync(name, cancellationToken));

        Assert.Contains($"'{name}'", drop.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", create.Message, StringComparison.Ordinal);
    }
}
