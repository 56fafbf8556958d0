namespace Ociman.Testing.Tests;

/// <summary>The database-name rules the SQL-server modules share: no engine (an unstarted fixture only).</summary>
public sealed class SqlDatabaseRulesSpecs
{
    // The PostgreSQL module's rules: three reserved templates, and "postgres" not creatable though the main database may be it.
    private static readonly SqlDatabaseRules Rules = new(
        "^[a-z_][a-z0-9_]{0,62}$", 63, ["ociman_template", "template0", "template1"], ["postgres"], "Host", "Username");

    [Theory]
    [InlineData("Orders", "'Orders'")]
    [InlineData("my-db", "'my-db'")]
    [InlineData(null, "null")]
    public void A_name_that_is_no_identifier_is_refused_with_the_pattern_and_the_length(string? name, string shown)
    {
        var failure = Assert.Throws<ArgumentException>(() => Rules.RequireName(name, "database"));

        Assert.Equal("database", failure.ParamName);
        Assert.StartsWith(
            $"The database name {shown} is not allowed: it must match ^[a-z_][a-z0-9_]{{0,62}}$ (a lowercase identifier of 1–63 characters, e.g. orders_test).",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("template0", "reserved")]
    [InlineData("postgres", "reserved")]
    [InlineData("shop", "the module's main database")]
    public void A_per_test_name_may_not_be_reserved_or_the_main_database(string name, string why)
    {
        var failure = Assert.Throws<ArgumentException>(() => Rules.PerTestName(name, "name", "shop"));

        Assert.Equal("name", failure.ParamName);
        Assert.StartsWith(
            $"The database name '{name}' is not allowed: it is {why} (ociman_template, template0, template1, postgres, shop cannot be created or dropped).",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_reserved_names_are_reserved_for_the_main_database()
    {
        Assert.True(Rules.IsReserved("template1"));
        Assert.False(Rules.IsReserved("postgres"));
        Assert.Equal(["ociman_template", "template0", "template1"], Rules.ReservedNames);
    }

    [Fact]
    public void A_missing_per_test_name_is_generated_unique_and_valid()
    {
        var first = Rules.PerTestName(null, "name", "test");
        var second = Rules.PerTestName(null, "name", "test");

        Assert.Matches("^test_[0-9a-f]{16}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal("orders_copy", Rules.PerTestName("orders_copy", "name", "test"));
    }

    [Fact]
    public void The_connection_string_uses_the_clients_keys_and_quotes_what_needs_it()
    {
        var mariaDb = new SqlDatabaseRules("^[a-z_][a-z0-9_]{0,63}$", 64, ["mysql"], [], "Server", "User ID");

        Assert.Equal("Host=db;Port=5432;Username=app;Password=plain;Database=orders", Rules.FormatConnectionString("db", 5432, "app", "plain", "orders"));
        Assert.Equal("Server=db;Port=3306;User ID=app;Password=\"a;b\";Database=shop", mariaDb.FormatConnectionString("db", 3306, "app", "a;b", "shop"));
    }

    [Fact]
    public void A_connection_string_checks_the_name_before_it_asks_the_fixture_for_its_port()
    {
        var unstarted = new UnstartedFixture();

        Assert.Throws<ArgumentException>(() => Rules.ConnectionString(unstarted, 5432, "app", "pw", "Bad Name"));
        Assert.Throws<InvalidOperationException>(() => Rules.ConnectionString(unstarted, 5432, "app", "pw", "orders"));
    }

    private sealed class UnstartedFixture : ContainerFixtureBase
    {
        protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            throw new NotSupportedException("This fixture is never started.");
    }
}
