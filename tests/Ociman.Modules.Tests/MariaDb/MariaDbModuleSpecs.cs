using MySqlConnector;
using Ociman.Testing;
using Ociman.Testing.MariaDb;
using Ociman.Testing.XunitV3;

namespace Ociman.Modules.Tests.MariaDb;

/// <summary>A seeded MariaDB module used as a class fixture, reached with MySqlConnector.</summary>
public sealed class MariaDbModuleSpecs(ModuleFixture<SeededMariaDb> fixture) : IClassFixture<ModuleFixture<SeededMariaDb>>
{
    private SeededMariaDb MariaDb => fixture.Module;

    [ContainerFact(Timeout = 300_000)]
    public async Task The_seeded_rows_from_text_and_from_a_file_are_in_the_database()
    {
        Assert.Equal(3L, await MariaDbClient.CountAsync(MariaDb.ConnectionString, "SELECT count(*) FROM products"));
        Assert.Equal("184.75", await MariaDbClient.TextAsync(MariaDb.ConnectionString, "SELECT sum(price) FROM products"));
        Assert.Equal(3, MariaDb.SeedStepsRun);   // two seeds and the template copy
        Assert.False(MariaDb.StartedFromSnapshot);
        Assert.Equal("3", (await MariaDb.Container.Exec("sh", "-c", MariaDbSeed.ClientScript + " -N -e 'SELECT count(*) FROM products'", "sh", MariaDbModule.TemplateDatabase)
            .StringAsync(TestContext.Current.CancellationToken)).Trim());
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task The_connection_string_names_the_user_database_and_published_port()
    {
        var parsed = new MySqlConnectionStringBuilder(MariaDb.ConnectionString);

        Assert.Equal("clerk", parsed.UserID);
        Assert.Equal("shop", parsed.Database);
        Assert.Equal(SeededMariaDbOptions.Password, parsed.Password);
        Assert.Equal((uint)await MariaDb.GetHostPortAsync(MariaDbModule.Port, TestContext.Current.CancellationToken), parsed.Port);
        Assert.Equal("clerk@% shop", await MariaDbClient.TextAsync(MariaDb.ConnectionString, "SELECT concat(current_user(), ' ', database())"));
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task A_created_database_is_an_isolated_copy_of_the_seeded_state_not_of_the_main_database()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await MariaDbClient.ExecuteAsync(MariaDb.ConnectionString, "INSERT INTO products VALUES (99, 'Unseeded', 1.00)");
        string? first = null;
        string? second = null;
        try
        {
            first = await MariaDb.CreateDatabaseAsync(cancellationToken: cancellationToken);
            second = await MariaDb.CreateDatabaseAsync("isolated_second", cancellationToken);
            Assert.Equal("isolated_second", second);
            Assert.Matches(MariaDbOptions.IdentifierPattern, first);

            await MariaDbClient.ExecuteAsync(MariaDb.GetConnectionString(first), "INSERT INTO products VALUES (4, 'Shelf', 80.00)");

            Assert.Equal(4L, await MariaDbClient.CountAsync(MariaDb.GetConnectionString(first), "SELECT count(*) FROM products"));
            Assert.Equal(3L, await MariaDbClient.CountAsync(MariaDb.GetConnectionString(second), "SELECT count(*) FROM products"));
            Assert.Equal(0L, await MariaDbClient.CountAsync(MariaDb.GetConnectionString(second), "SELECT count(*) FROM products WHERE id = 99"));
            Assert.Equal(4L, await MariaDbClient.CountAsync(MariaDb.ConnectionString, "SELECT count(*) FROM products"));
        }
        finally
        {
            await MariaDbClient.ExecuteAsync(MariaDb.ConnectionString, "DELETE FROM products WHERE id = 99");
            foreach (var name in new[] { first, second }.OfType<string>())
            {
                await MariaDb.DropDatabaseAsync(name, cancellationToken);
            }
        }
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task A_dropped_database_is_gone_and_dropping_a_missing_one_is_no_error()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = await MariaDb.CreateDatabaseAsync("to_drop", cancellationToken);
        Assert.Equal(1L, await MariaDbClient.CountAsync(MariaDb.ConnectionString, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'to_drop'"));

        await MariaDb.DropDatabaseAsync(name, cancellationToken);
        await MariaDb.DropDatabaseAsync(name, cancellationToken);

        var error = await Assert.ThrowsAsync<MySqlException>(() => MariaDbClient.CountAsync(MariaDb.GetConnectionString(name), "SELECT 1"));
        Assert.Contains("to_drop", error.Message, StringComparison.Ordinal);
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task Creating_a_database_that_exists_fails_with_the_client_message()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = await MariaDb.CreateDatabaseAsync("twice", cancellationToken);
        try
        {
            var error = await Assert.ThrowsAsync<ExecFailedException>(() => MariaDb.CreateDatabaseAsync(name, cancellationToken));
            Assert.Contains("database exists", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(3L, await MariaDbClient.CountAsync(MariaDb.GetConnectionString(name), "SELECT count(*) FROM products"));
        }
        finally
        {
            await MariaDb.DropDatabaseAsync(name, cancellationToken);
        }
    }

    [ContainerTheory(Timeout = 300_000)]
    [InlineData("Bad-Name")]
    [InlineData("x`; DROP DATABASE shop; --")]
    [InlineData("shop")]
    [InlineData("mysql")]
    [InlineData(MariaDbModule.TemplateDatabase)]
    public async Task Unusable_database_names_are_rejected_before_any_exec(string name)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var created = await Assert.ThrowsAsync<ArgumentException>(() => MariaDb.CreateDatabaseAsync(name, cancellationToken));
        var dropped = await Assert.ThrowsAsync<ArgumentException>(() => MariaDb.DropDatabaseAsync(name, cancellationToken));

        Assert.Equal("name", created.ParamName);
        Assert.Contains($"'{name}'", created.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", dropped.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await MariaDbClient.CountAsync(MariaDb.ConnectionString, "SELECT count(*) FROM products"));
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task No_password_is_on_the_container_command_line()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var commandLines = await MariaDb.Container.Exec("sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").StringAsync(cancellationToken);

        Assert.Contains("--datadir=/var/lib/ociman-mariadb", commandLines, StringComparison.Ordinal);
        Assert.DoesNotContain(SeededMariaDbOptions.Password, commandLines, StringComparison.Ordinal);
        Assert.DoesNotContain("r00t", commandLines, StringComparison.Ordinal);
    }
}
