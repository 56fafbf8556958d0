using MySqlConnector;
using Ociman.Testing;
using Ociman.Testing.MariaDb;

namespace Ociman.Modules.Tests.MariaDb;

/// <summary>Options validation, seed helpers and connection-string rendering: no engine.</summary>
public sealed class MariaDbOptionsSpecs
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var module = new MariaDbModule();

        Assert.Null(module.Options.Image);
        Assert.Equal("test", module.Options.Username);
        Assert.Equal(MariaDbOptions.DefaultPassword, module.Options.Password);
        Assert.Equal(MariaDbOptions.DefaultPassword, module.Options.RootPassword);
        Assert.Equal("test", module.Options.Database);
        Assert.Empty(module.Options.Seeds);
        Assert.Null(module.Options.SnapshotName);
    }

    [Theory]
    [InlineData("Database", "Shop")]
    [InlineData("Database", "my-db")]
    [InlineData("Database", "")]
    [InlineData("Database", "mysql")]
    [InlineData("Database", "information_schema")]
    [InlineData("Database", MariaDbModule.TemplateDatabase)]
    [InlineData("Username", "Admin")]
    [InlineData("Username", "a b")]
    [InlineData("Username", "root")]
    public void A_bad_name_is_rejected_with_the_property_and_value(string property, string value)
    {
        var options = property == "Database" ? new MariaDbOptions { Database = value } : new MariaDbOptions { Username = value };

        var error = Assert.Throws<ArgumentException>(() => new MariaDbModule(options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains($"MariaDbOptions.{property} is '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(MariaDbOptions.IdentifierPattern, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password", "")]
    [InlineData("Password", "two\nlines")]
    [InlineData("RootPassword", "")]
    [InlineData("RootPassword", "tab\there")]
    public void A_bad_password_is_rejected_without_showing_it(string property, string value)
    {
        var options = property == "Password" ? new MariaDbOptions { Password = value } : new MariaDbOptions { RootPassword = value };

        var error = Assert.Throws<ArgumentException>(() => new MariaDbModule(options));

        Assert.Contains($"MariaDbOptions.{property} is empty or holds a control character", error.Message, StringComparison.Ordinal);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_snapshot_name_with_a_tag_and_null_seeds_are_rejected()
    {
        var tagged = Assert.Throws<ArgumentException>(() => new MariaDbModule(new MariaDbOptions { SnapshotName = ImageReference.Parse("mine/mariadb:v1") }));
        var nullSeed = Assert.Throws<ArgumentException>(() => new MariaDbModule(new MariaDbOptions { Seeds = [null!] }));

        Assert.Contains("MariaDbOptions.SnapshotName is 'mine/mariadb:v1'", tagged.Message, StringComparison.Ordinal);
        Assert.Contains("MariaDbOptions.Seeds", nullSeed.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new MariaDbModule(null!));
    }

    [Fact]
    public void The_options_text_hides_both_passwords()
    {
        var text = new MariaDbOptions { Password = "user-secret-1", RootPassword = "root-secret-2", Database = "shop" }.ToString();

        Assert.Contains("Database = shop", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user-secret-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root-secret-2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_string_is_what_MySqlConnector_parses_back_even_with_quotes_in_the_password()
    {
        const string password = "p;w='x\"y";

        var parsed = new MySqlConnectionStringBuilder(MariaDbModule.FormatConnectionString("db.example", 49153, "clerk", password, "shop"));

        Assert.Equal("db.example", parsed.Server);
        Assert.Equal(49153u, parsed.Port);
        Assert.Equal("clerk", parsed.UserID);
        Assert.Equal(password, parsed.Password);
        Assert.Equal("shop", parsed.Database);
    }

    [Fact]
    public void Seed_helpers_check_the_database_name_and_the_file()
    {
        var badName = Assert.Throws<ArgumentException>(() => MariaDbSeed.Sql("SELECT 1", "no-dashes"));
        var missing = Assert.Throws<ArgumentException>(() => MariaDbSeed.SqlFile("MariaDb/does-not-exist.sql"));
        var good = MariaDbSeed.Sql("SELECT 1", "other_db");

        Assert.Contains("'no-dashes'", badName.Message, StringComparison.Ordinal);
        Assert.Contains("does-not-exist.sql", missing.Message, StringComparison.Ordinal);
        Assert.Equal("pipe-text", good.Kind);
        Assert.Contains("other_db", good.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_that_need_the_server_throw_before_it_started()
    {
        var module = new MariaDbModule();

        Assert.Throws<InvalidOperationException>(() => module.ConnectionString);
        Assert.Throws<ArgumentException>(() => module.GetConnectionString("Bad Name"));
    }
}
