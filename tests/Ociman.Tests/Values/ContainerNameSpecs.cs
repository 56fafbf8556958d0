using System.Text.RegularExpressions;

namespace Ociman.Tests.Values;

public class ContainerNameSpecs
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("my-container_1.test")]
    [InlineData("Upper")]
    public void A_valid_container_name_round_trips(string text) => Assert.Equal(text, ContainerName.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-x", "start with an ASCII letter or digit")]
    [InlineData("_x", "start with an ASCII letter or digit")]
    [InlineData(".x", "start with an ASCII letter or digit")]
    [InlineData("a b", "' '")]
    [InlineData("a/b", "'/'")]
    [InlineData("a:b", "':'")]
    [InlineData("näme", "'ä'")]
    public void An_invalid_container_name_is_rejected_with_a_message_quoting_it(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => ContainerName.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid container name: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(ContainerName.TryParse(text, out _));
    }

    [Fact]
    public void A_container_name_may_have_256_bytes_but_not_257()
    {
        Assert.True(ContainerName.TryParse(new string('c', 256), out _));
        var exception = Assert.Throws<FormatException>(() => ContainerName.Parse(new string('c', 257)));
        Assert.Contains("257 characters", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_names_have_the_prefix_and_12_lowercase_hex_digits()
    {
        var name = ContainerName.Unique();

        Assert.Matches(new Regex("^ociman-[0-9a-f]{12}$"), name.Value);
    }

    [Fact]
    public void Unique_uses_the_given_prefix() =>
        Assert.Matches(new Regex("^pg-test-[0-9a-f]{12}$"), ContainerName.Unique("pg-test").Value);

    [Fact]
    public void Unique_names_differ()
    {
        var names = Enumerable.Range(0, 50).Select(_ => ContainerName.Unique()).ToHashSet();

        Assert.Equal(50, names.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bad")]
    [InlineData("bad prefix")]
    public void Unique_rejects_a_prefix_that_cannot_start_a_name(string prefix)
    {
        var exception = Assert.Throws<ArgumentException>(() => ContainerName.Unique(prefix));

        Assert.Equal("prefix", exception.ParamName);
        Assert.Contains($"'{prefix}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_accepts_a_prefix_of_243_characters_but_not_244()
    {
        Assert.Equal(256, ContainerName.Unique(new string('p', 243)).Value.Length);
        Assert.Throws<ArgumentException>(() => ContainerName.Unique(new string('p', 244)));
    }

    [Fact]
    public void Container_names_with_the_same_text_are_equal()
    {
        Assert.True(ContainerName.Parse("db") == ContainerName.Parse("db"));
        Assert.True(ContainerName.Parse("db") != ContainerName.Parse("DB"));
        Assert.Equal(ContainerName.Parse("db").GetHashCode(), ContainerName.Parse("db").GetHashCode());
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => ContainerName.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => ContainerName.Unique(null!));
        Assert.False(ContainerName.TryParse(null, out _));
    }
}
