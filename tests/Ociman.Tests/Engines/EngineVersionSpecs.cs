namespace Ociman.Tests.Engines;

public class EngineVersionSpecs
{
    [Theory]
    [InlineData("Docker version 29.0.0, build abc", 29, 0, 0, "")]
    [InlineData("podman version 4.9.0", 4, 9, 0, "")]
    [InlineData("podman version 4.9.0\n", 4, 9, 0, "")]
    [InlineData("Docker version 26.1.5+dfsg1, build a72d7cd", 26, 1, 5, "+dfsg1")]
    [InlineData("podman version 4.3", 4, 3, 0, "")]
    [InlineData("podman version 5.0.0-dev", 5, 0, 0, "-dev")]
    [InlineData("Docker version 28.5.1-rc.1, build e180ab8", 28, 5, 1, "-rc.1")]
    public void The_version_output_of_both_engines_is_parsed(string output, int major, int minor, int patch, string suffix)
    {
        var version = EngineVersion.ParseVersionOutput(output);

        Assert.Equal(major, version.Major);
        Assert.Equal(minor, version.Minor);
        Assert.Equal(patch, version.Patch);
        Assert.Equal(suffix, version.Suffix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Docker version unknown")]
    [InlineData("command not found")]
    [InlineData("podman version 4")]
    [InlineData("podman version 4.")]
    [InlineData("podman version 1.2.3.4")]
    public void Output_without_a_version_is_a_format_exception(string output)
    {
        Assert.Throws<FormatException>(() => EngineVersion.ParseVersionOutput(output));
    }

    [Fact]
    public void The_format_exception_quotes_the_output()
    {
        var ex = Assert.Throws<FormatException>(() => EngineVersion.ParseVersionOutput("garbage here"));

        Assert.Contains("garbage here", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("29.0.0", "29.0.0")]
    [InlineData("4.3", "4.3.0")]
    [InlineData("26.1.5+dfsg1", "26.1.5+dfsg1")]
    public void Parse_and_to_string_agree(string text, string expected)
    {
        Assert.Equal(expected, EngineVersion.Parse(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v29.0.0")]
    [InlineData("29")]
    [InlineData(".1.2")]
    [InlineData("1..2")]
    [InlineData("99999999999.0")]
    public void Try_parse_rejects_non_versions(string? text)
    {
        Assert.False(EngineVersion.TryParse(text, out var version));
        Assert.Null(version);
    }

    [Theory]
    [InlineData("29.0.0", "28.5.1")]
    [InlineData("4.10.0", "4.9.9")]
    [InlineData("4.9.1", "4.9.0")]
    [InlineData("5.0", "4.99.99")]
    public void Newer_versions_compare_greater(string newer, string older)
    {
        var a = EngineVersion.Parse(newer);
        var b = EngineVersion.Parse(older);

        Assert.True(a > b);
        Assert.True(a >= b);
        Assert.True(b < a);
        Assert.True(b <= a);
        Assert.False(a < b);
        Assert.True(a.CompareTo(b) > 0);
        Assert.True(b.CompareTo(a) < 0);
    }

    [Fact]
    public void The_suffix_does_not_take_part_in_comparisons()
    {
        var release = EngineVersion.Parse("26.1.5");
        var debian = EngineVersion.Parse("26.1.5+dfsg1");

        Assert.Equal(0, release.CompareTo(debian));
        Assert.True(release <= debian && release >= debian);
    }

    [Fact]
    public void A_version_is_greater_than_null()
    {
        var version = new EngineVersion(1, 0);

        Assert.True(version.CompareTo(null) > 0);
        Assert.True(version > null);
        Assert.True(null < version);
    }

    [Theory]
    [InlineData("29.0.0", 29, 0, true)]
    [InlineData("29.0.0-rc1", 29, 0, true)]
    [InlineData("28.9.9", 29, 0, false)]
    [InlineData("4.9.0", 4, 9, true)]
    [InlineData("4.8.3", 4, 9, false)]
    [InlineData("5.0", 4, 9, true)]
    public void Is_at_least_compares_major_and_minor(string text, int major, int minor, bool expected)
    {
        Assert.Equal(expected, EngineVersion.Parse(text).IsAtLeast(major, minor));
    }

    [Fact]
    public void Negative_components_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineVersion(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineVersion(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineVersion(1, 0, -1));
    }
}
