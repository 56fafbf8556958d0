using Npgsql;
using Ociman.Testing.PostgreSql;

namespace Ociman.Modules.Tests.PostgreSql;

/// <summary>Options validation and connection-string rendering: no engine.</summary>
public sealed class PostgreSqlOptionsSpecs
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var module = new PostgreSqlModule();

        Assert.Null(module.Options.Image);
        Assert.Equal("postgres", module.Options.Username);
        Assert.Equal(PostgreSqlOptions.DefaultPassword, module.Options.Password);
        Assert.Equal("test", module.Options.Database);
        Assert.Empty(module.Options.Seeds);
        Assert.Null(module.Options.SnapshotName);
    }

    [Theory]
    [InlineData("Database", "Shop")]
    [InlineData("Database", "my-db")]
    [InlineData("Database", "")]
    [InlineData("Database", PostgreSqlModule.TemplateDatabase)]
    [InlineData("Database", "template0")]
    [InlineData("Username", "Admin")]
    [InlineData("Username", "a b")]
    public void A_bad_name_is_rejected_with_the_property_and_value(string property, string value)
    {
        var options = property == "Database" ? new PostgreSqlOptions { Database = value } : new PostgreSqlOptions { Username = value };

        var failure = Assert.Throws<ArgumentException>(() => new PostgreSqlModule(options));

        Assert.Contains($"PostgreSqlOptions.{property}", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_postgres_allows_is_rejected_with_the_pattern()
    {
        var failure = Assert.Throws<ArgumentException>(() => new PostgreSqlModule(new PostgreSqlOptions { Database = new string('a', 64) }));

        Assert.Contains(PostgreSqlOptions.IdentifierPattern, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_text_hides_the_password()
    {
        var text = new PostgreSqlOptions { Password = "pg-secret-1", Database = "shop" }.ToString();

        Assert.Contains("Database = shop", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-secret-1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two\nlines")]
    public void A_bad_password_is_rejected_without_showing_it(string password)
    {
        var failure = Assert.Throws<ArgumentException>(() => new PostgreSqlModule(new PostgreSqlOptions { Password = password }));

        Assert.Contains("PostgreSqlOptions.Password", failure.Message, StringComparison.Ordinal);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_snapshot_name_with_a_tag_is_rejected()
    {
        var failure = Assert.Throws<ArgumentException>(() => new PostgreSqlModule(new PostgreSqlOptions { SnapshotName = ImageReference.Parse("tests/pg:v1") }));

        Assert.Contains("PostgreSqlOptions.SnapshotName", failure.Message, StringComparison.Ordinal);
        Assert.Contains("tests/pg:v1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_seed_is_rejected()
    {
        var failure = Assert.Throws<ArgumentException>(() => new PostgreSqlModule(new PostgreSqlOptions { Seeds = [null!] }));

        Assert.Contains("PostgreSqlOptions.Seeds", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_for_a_badly_named_database_or_a_missing_file_is_rejected()
    {
        var badName = Assert.Throws<ArgumentException>(() => PostgreSqlSeed.Sql("SELECT 1", "Bad Name"));
        var missing = Assert.Throws<ArgumentException>(() => PostgreSqlSeed.SqlFile("no-such-file.sql"));

        Assert.Contains("'Bad Name'", badName.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-file.sql", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_seeds_run_psql_stopping_at_the_first_error_in_the_database_asked_for()
    {
        var step = PostgreSqlSeed.Sql("SELECT 1", "reports");

        Assert.Equal("pipe-text", step.Kind);
        Assert.Contains("psql -v ON_ERROR_STOP=1", step.Description, StringComparison.Ordinal);
        Assert.EndsWith("-d reports`", step.Description, StringComparison.Ordinal);
        Assert.Equal("pipe-file", PostgreSqlSeed.SqlFile("PostgreSql/seed-orders.sql").Kind);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("semi;colon")]
    [InlineData("quote'and\"double")]
    [InlineData("equals=sign ")]
    public void The_connection_string_round_trips_through_npgsql(string password)
    {
        var rendered = PostgreSqlModule.FormatConnectionString("127.0.0.1", 49153, "app", password, "orders");

        var parsed = new NpgsqlConnectionStringBuilder(rendered);

        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal(49153, parsed.Port);
        Assert.Equal("app", parsed.Username);
        Assert.Equal(password, parsed.Password);
        Assert.Equal("orders", parsed.Database);
    }

    [Fact]
    public void Members_that_need_the_container_say_it_has_not_started()
    {
        var module = new PostgreSqlModule();

        Assert.Throws<InvalidOperationException>(() => module.ConnectionString);
        Assert.Throws<InvalidOperationException>(() => module.GetConnectionString("other"));
    }
}
