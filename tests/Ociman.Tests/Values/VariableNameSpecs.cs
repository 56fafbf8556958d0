namespace Ociman.Tests.Values;

public class VariableNameSpecs
{
    [Theory]
    [InlineData("VERSION")]
    [InlineData("http_proxy")]
    [InlineData("a.b-c")]
    public void A_valid_build_argument_name_round_trips(string text) => Assert.Equal(text, BuildArgKey.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("A=B", "'='")]
    [InlineData("A B", "' '")]
    [InlineData("A\tB", "'\\t'")]
    [InlineData("A\u00a0B", "whitespace")]
    [InlineData("A\0B", "'\\0'")]
    [InlineData("A\u0001B", "'\\u0001'")]
    public void An_invalid_build_argument_name_is_rejected(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => BuildArgKey.Parse(text));

        Assert.Contains("is not a valid build-argument name: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(BuildArgKey.TryParse(text, out _));
    }

    [Fact]
    public void A_build_argument_name_message_quotes_the_name()
    {
        var exception = Assert.Throws<FormatException>(() => BuildArgKey.Parse("A=B"));

        Assert.StartsWith("'A=B' is not a valid build-argument name: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_argument_names_compare_ordinally_and_by_value()
    {
        Assert.True(BuildArgKey.Parse("B") < BuildArgKey.Parse("a"));
        Assert.True(BuildArgKey.Parse("b") >= BuildArgKey.Parse("a"));
        Assert.True(BuildArgKey.Parse("a") <= BuildArgKey.Parse("a"));
        Assert.False(BuildArgKey.Parse("a") > BuildArgKey.Parse("a"));
        Assert.True(BuildArgKey.Parse("a") == BuildArgKey.Parse("a"));
        Assert.True(BuildArgKey.Parse("a") != BuildArgKey.Parse("A"));
        Assert.Equal(BuildArgKey.Parse("a").GetHashCode(), BuildArgKey.Parse("a").GetHashCode());
    }

    [Theory]
    [InlineData("PATH")]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("lower.case-name")]
    [InlineData("ÜBER")]
    public void A_valid_environment_variable_name_round_trips(string text) =>
        Assert.Equal(text, EnvironmentVariableName.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("A=B", "'='")]
    [InlineData("=A", "'='")]
    [InlineData("A B", "' '")]
    [InlineData("A\nB", "'\\n'")]
    [InlineData("A\0B", "'\\0'")]
    public void An_invalid_environment_variable_name_is_rejected(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => EnvironmentVariableName.Parse(text));

        Assert.Contains("is not a valid environment variable name: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(EnvironmentVariableName.TryParse(text, out _));
    }

    [Fact]
    public void Environment_variable_names_compare_ordinally_and_by_value()
    {
        Assert.True(EnvironmentVariableName.Parse("Z") < EnvironmentVariableName.Parse("a"));
        Assert.True(EnvironmentVariableName.Parse("b") > EnvironmentVariableName.Parse("a"));
        Assert.True(EnvironmentVariableName.Parse("a") >= EnvironmentVariableName.Parse("a"));
        Assert.True(EnvironmentVariableName.Parse("a") <= EnvironmentVariableName.Parse("a"));
        Assert.True(EnvironmentVariableName.Parse("PATH") == EnvironmentVariableName.Parse("PATH"));
        Assert.True(EnvironmentVariableName.Parse("PATH") != EnvironmentVariableName.Parse("Path"));
        Assert.Equal(EnvironmentVariableName.Parse("PATH").GetHashCode(), EnvironmentVariableName.Parse("PATH").GetHashCode());
    }

    [Fact]
    public void A_value_with_NUL_is_rejected_naming_the_variable_but_not_showing_the_value()
    {
        var exception = Assert.Throws<ArgumentException>(() => EnvironmentVariables.ValidateValue("DB_PASSWORD", "s3cr3t\0tail"));

        Assert.Contains("'DB_PASSWORD'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("NUL", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tail", exception.Message, StringComparison.Ordinal);
        Assert.Equal("value", exception.ParamName);
    }

    [Fact]
    public void A_value_with_NUL_is_rejected_for_a_parsed_name_too()
    {
        var exception = Assert.Throws<ArgumentException>(() => EnvironmentVariables.ValidateValue(EnvironmentVariableName.Parse("TOKEN"), "abc\0"));

        Assert.Contains("'TOKEN'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("with spaces, = and newlines\n")]
    public void A_value_without_NUL_is_accepted(string value)
    {
        var exception = Record.Exception(() => EnvironmentVariables.ValidateValue("NAME", value));

        Assert.Null(exception);
    }

    [Fact]
    public void ValidateValue_rejects_an_invalid_name()
    {
        var exception = Assert.Throws<ArgumentException>(() => EnvironmentVariables.ValidateValue("A=B", "v"));

        Assert.Equal("name", exception.ParamName);
        Assert.Contains("'A=B'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => BuildArgKey.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => EnvironmentVariableName.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => EnvironmentVariables.ValidateValue("A", null!));
        Assert.Throws<ArgumentNullException>(() => EnvironmentVariables.ValidateValue((string)null!, "v"));
    }
}
