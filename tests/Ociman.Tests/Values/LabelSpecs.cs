namespace Ociman.Tests.Values;

public class LabelSpecs
{
    [Theory]
    [InlineData("a")]
    [InlineData("org.opencontainers.image.title")]
    [InlineData("ociman-test.role")]
    [InlineData("schlüssel")]
    [InlineData("com.example/role:x")]
    public void A_valid_label_key_round_trips(string text) => Assert.Equal(text, LabelKey.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a=b", "'='")]
    [InlineData("a,b", "','")]
    [InlineData("a b", "' '")]
    [InlineData("a\tb", "'\\t'")]
    [InlineData("a\nb", "'\\n'")]
    [InlineData("a\0b", "'\\0'")]
    [InlineData("a\u007fb", "'\\u007f'")]
    public void An_invalid_label_key_is_rejected_with_a_message_saying_why(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => LabelKey.Parse(text));

        Assert.Contains("is not a valid label key: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(LabelKey.TryParse(text, out _));
    }

    [Fact]
    public void A_label_key_with_an_unpaired_surrogate_is_rejected()
    {
        // Built at run time: attribute arguments cannot carry a lone surrogate intact.
        var text = "a" + (char)0xD800 + "b";

        var exception = Assert.Throws<FormatException>(() => LabelKey.Parse(text));

        Assert.Contains("unpaired UTF-16 surrogate", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_key_message_quotes_the_key()
    {
        var exception = Assert.Throws<FormatException>(() => LabelKey.Parse("bad key"));

        Assert.StartsWith("'bad key' is not a valid label key: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_key_may_have_256_bytes_but_not_257()
    {
        Assert.True(LabelKey.TryParse(new string('k', 256), out _));
        var exception = Assert.Throws<FormatException>(() => LabelKey.Parse(new string('k', 257)));
        Assert.Contains("257 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_key_length_is_counted_in_utf8_bytes()
    {
        // 'ü' takes two bytes in UTF-8: 128 of them are 256 bytes, 128 plus one ASCII character are 257.
        Assert.True(LabelKey.TryParse(new string('ü', 128), out _));
        Assert.False(LabelKey.TryParse(new string('ü', 128) + "k", out _));
    }

    [Fact]
    public void Label_keys_compare_ordinally()
    {
        var upper = LabelKey.Parse("B");
        var lower = LabelKey.Parse("a");

        Assert.True(upper < lower);
        Assert.True(lower > upper);
        Assert.True(upper <= LabelKey.Parse("B"));
        Assert.True(upper >= LabelKey.Parse("B"));
        Assert.True(upper.CompareTo(null) > 0);
        string[] keys = ["b", "a", "B"];
        Assert.Equal("B,a,b", string.Join(',', keys.Select(LabelKey.Parse).Order()));
    }

    [Fact]
    public void Label_keys_with_the_same_text_are_equal()
    {
        Assert.True(LabelKey.Parse("a.b") == LabelKey.Parse("a.b"));
        Assert.True(LabelKey.Parse("a.b") != LabelKey.Parse("A.b"));
        Assert.Equal(LabelKey.Parse("a.b").GetHashCode(), LabelKey.Parse("a.b").GetHashCode());
    }

    [Theory]
    [InlineData("k=v", "k", "v")]
    [InlineData("k=", "k", "")]
    [InlineData("k=a=b", "k", "a=b")]
    [InlineData("k=a, b", "k", "a, b")]
    public void A_label_is_parsed_at_its_first_equals_sign(string text, string key, string value)
    {
        var label = Label.Parse(text);

        Assert.Equal(LabelKey.Parse(key), label.Key);
        Assert.Equal(value, label.Value);
        Assert.Equal(text, label.ToString());
    }

    [Theory]
    [InlineData("novalue", "'novalue' is not a valid label: ")]
    [InlineData("=v", "'' is not a valid label key: ")]
    [InlineData("a b=v", "'a b' is not a valid label key: ")]
    [InlineData("k=a\0b", "contains a NUL character")]
    public void An_invalid_label_is_rejected(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => Label.Parse(text));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(Label.TryParse(text, out _));
    }

    [Fact]
    public void A_label_value_may_have_64_KiB_but_not_one_byte_more()
    {
        var key = LabelKey.Parse("big");

        Assert.Equal(65536, new Label(key, new string('v', 65536)).Value.Length);
        var exception = Assert.Throws<ArgumentException>(() => new Label(key, new string('v', 65537)));
        Assert.Contains("'big'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("65537 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateValue_names_the_key_when_the_value_is_too_long()
    {
        var exception = Assert.Throws<ArgumentException>(() => Label.ValidateValue(LabelKey.Parse("my.key"), new string('é', 32769)));

        Assert.Contains("'my.key'", exception.Message, StringComparison.Ordinal);
        Assert.Equal("value", exception.ParamName);
    }

    [Fact]
    public void ValidateValue_accepts_a_value_within_the_limit() =>
        Label.ValidateValue(LabelKey.Parse("my.key"), new string('é', 32768));

    [Fact]
    public void Parse_reports_a_too_long_value_as_a_format_exception() =>
        Assert.Throws<FormatException>(() => Label.Parse("k=" + new string('v', 65537)));

    [Fact]
    public void Labels_with_the_same_key_and_value_are_equal()
    {
        Assert.True(Label.Parse("k=v") == Label.Parse("k=v"));
        Assert.True(Label.Parse("k=v") != Label.Parse("k=w"));
        Assert.True(Label.Parse("k=v") != Label.Parse("j=v"));
        Assert.Equal(Label.Parse("k=v").GetHashCode(), new Label(LabelKey.Parse("k"), "v").GetHashCode());
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => LabelKey.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => Label.Parse(null!));
        Assert.False(Label.TryParse(null, out _));
    }
}
