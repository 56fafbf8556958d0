namespace Ociman.Testing.Tests;

public sealed class TestNetworksSpecs
{
    [Theory]
    [InlineData("", "the name is empty")]
    [InlineData("-app", "it must start with an ASCII letter or digit")]
    [InlineData("my app", "it contains ' '")]
    [InlineData("app/1", "it contains '/'")]
    public void A_bad_logical_name_is_refused_before_any_engine_is_asked(string name, string reason)
    {
        // Thrown synchronously, by the call itself: no engine is probed for a name that cannot work.
        var failure = Assert.Throws<ArgumentException>(() => { _ = TestNetworks.GetAsync(name); });

        Assert.Equal("logicalName", failure.ParamName);
        Assert.Contains($"'{name}' is not a valid logical network name: {reason}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 100 ASCII letters, digits, '_', '.' or '-'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_logical_name_longer_than_100_characters_is_refused_with_its_length()
    {
        var failure = Assert.Throws<ArgumentException>(() => { _ = TestNetworks.GetAsync(new string('a', 101)); });

        Assert.Contains("it is 101 characters long", failure.Message, StringComparison.Ordinal);
    }
}
