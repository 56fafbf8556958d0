using Ociman.Testing.Redis;

namespace Ociman.Modules.Tests.Redis;

/// <summary>Option validation and connection strings: no engine needed.</summary>
public sealed class RedisOptionsSpecs
{
    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("comma,inside")]
    [InlineData("quote\"inside")]
    [InlineData("apostrophe'inside")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    [InlineData("non-ascii-Ø")]
    public void A_password_outside_the_allowed_characters_is_rejected_naming_the_property(string password)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisModule(new RedisOptions { Password = password }));

        Assert.Equal(nameof(RedisOptions.Password), error.ParamName);
        Assert.Contains("ASCII letters, digits and " + RedisOptions.PasswordPunctuation, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_longer_than_the_limit_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisModule(new RedisOptions { Password = new string('a', RedisOptions.MaxPasswordLength + 1) }));

        Assert.Contains("513 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_allowed_punctuation_character_is_accepted()
    {
        var module = new RedisModule(new RedisOptions { Password = "Aa0" + RedisOptions.PasswordPunctuation });

        Assert.Equal("Aa0" + RedisOptions.PasswordPunctuation, module.Options.Password);
    }

    [Fact]
    public void A_snapshot_name_with_a_tag_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisModule(new RedisOptions { SnapshotName = ImageReference.Parse("app/redis-seeded:v1") }));

        Assert.Equal(nameof(RedisOptions.SnapshotName), error.ParamName);
        Assert.Contains("'app/redis-seeded:v1' has a tag or digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_seed_step_is_rejected_with_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisModule(new RedisOptions { Seeds = [RedisSeed.Commands("SET a 1"), null!] }));

        Assert.Equal(nameof(RedisOptions.Seeds), error.ParamName);
        Assert.StartsWith("Seeds[1] is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_file_that_does_not_exist_is_rejected()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ociman-missing-{Guid.NewGuid():N}.redis");

        var error = Assert.Throws<ArgumentException>(() => RedisSeed.CommandsFile(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_text_does_not_show_the_password()
    {
        var text = new RedisOptions { Password = "visible-nowhere" }.ToString();

        Assert.DoesNotContain("visible-nowhere", text, StringComparison.Ordinal);
        Assert.Contains("Password = (set)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", 49153, null, null, "127.0.0.1:49153")]
    [InlineData("127.0.0.1", 49153, "s3cret!", null, "127.0.0.1:49153,password=s3cret!")]
    [InlineData("engine.example", 6379, "pw", 5, "engine.example:6379,password=pw,defaultDatabase=5")]
    [InlineData("::1", 40000, null, 0, "[::1]:40000,defaultDatabase=0")]
    public void Connection_strings_are_in_StackExchange_Redis_format(string host, int port, string? password, int? database, string expected)
    {
        var text = RedisModule.Render(host, port, password, database);

        Assert.Equal(expected, text);
        var parsed = StackExchange.Redis.ConfigurationOptions.Parse(text);
        Assert.Equal(password, parsed.Password);
        Assert.Equal(database, parsed.DefaultDatabase);
        Assert.Single(parsed.EndPoints);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public async Task A_database_number_outside_0_to_15_is_rejected_before_any_engine_call(int database)
    {
        var module = new RedisModule();

        var connection = Assert.Throws<ArgumentOutOfRangeException>(() => module.GetConnectionString(database));
        var flush = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => module.FlushAsync(database, TestContext.Current.CancellationToken));

        Assert.Equal("database", connection.ParamName);
        Assert.Contains("numbered 0 to 15", flush.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_script_never_holds_a_password_value_only_the_variable()
    {
        Assert.Contains("requirepass \\\"$REDISCLI_AUTH\\\"", RedisModule.StartScript, StringComparison.Ordinal);
        Assert.Contains("dir " + RedisModule.DataDirectory, RedisModule.StartScript, StringComparison.Ordinal);
        Assert.Contains("save 3600 1", RedisModule.StartScript, StringComparison.Ordinal);
    }
}
