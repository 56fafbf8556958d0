using System.Text;
using System.Text.Json;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class BakeDefinitionSpecs
{
    private static BuildRequest Request(
        string? context = "/ctx",
        string? dockerfile = null,
        string? instructions = null,
        string? target = null,
        bool noCache = false,
        IReadOnlyList<KeyValuePair<string, string>>? args = null,
        IReadOnlyList<KeyValuePair<string, string>>? labels = null) =>
        new(ImageReference.Parse("ociman/build:ociman-tmp-1"), context, dockerfile, instructions, target, args ?? [], labels ?? [], noCache);

    private static JsonElement Target(BuildRequest request, string context = "/ctx")
    {
        using var doc = JsonDocument.Parse(BakeDefinition.Render(request, context));
        Assert.Equal(["target"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal([BakeDefinition.TargetName], doc.RootElement.GetProperty("target").EnumerateObject().Select(p => p.Name));
        return doc.RootElement.GetProperty("target").GetProperty(BakeDefinition.TargetName).Clone();
    }

    /// <summary>What bake's template evaluation makes of an escaped string (the only expressions Escape writes).</summary>
    private static string Evaluate(string template) =>
        template.Replace("${\"$\"}", "$", StringComparison.Ordinal).Replace("${\"%\"}", "%", StringComparison.Ordinal);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a$b", "a${\"$\"}b")]
    [InlineData("${HOME}", "${\"$\"}{HOME}")]
    [InlineData("$${x}", "${\"$\"}${\"$\"}{x}")]
    [InlineData("%{if x}", "${\"%\"}{if x}")]
    [InlineData("100%", "100${\"%\"}")]
    [InlineData("", "")]
    public void Escaping_turns_every_dollar_and_percent_into_an_expression_that_yields_it(string text, string expected)
    {
        var escaped = BakeDefinition.Escape(text);

        Assert.Equal(expected, escaped);
        Assert.Equal(text, Evaluate(escaped));
    }

    [Fact]
    public void Escaped_text_has_no_template_opening_other_than_the_escape_expressions()
    {
        var escaped = BakeDefinition.Escape("a${b}%{c}$$%%{d}$");

        var rest = escaped.Replace("${\"$\"}", string.Empty, StringComparison.Ordinal).Replace("${\"%\"}", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("$", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("%", rest, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_build_names_its_context_Dockerfile_tag_arguments_and_labels()
    {
        var target = Target(Request(
            dockerfile: "/elsewhere/app.Dockerfile",
            args: [new("HTTPS_PROXY", "http://u:p$w%{x}@proxy:3128"), new("NORMAL", "n")],
            labels: [new("org.example.role", "under $test")]));

        Assert.Equal("/ctx", target.GetProperty("context").GetString());
        Assert.Equal("/elsewhere/app.Dockerfile", target.GetProperty("dockerfile").GetString());
        Assert.False(target.TryGetProperty("dockerfile-inline", out _));
        Assert.Equal(["ociman/build:ociman-tmp-1"], target.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var args = target.GetProperty("args").EnumerateObject().ToDictionary(p => p.Name, p => Evaluate(p.Value.GetString()!));
        Assert.Equal(new Dictionary<string, string> { ["HTTPS_PROXY"] = "http://u:p$w%{x}@proxy:3128", ["NORMAL"] = "n" }, args);
        Assert.Equal("under $test", Evaluate(target.GetProperty("labels").GetProperty("org.example.role").GetString()!));
        Assert.False(target.TryGetProperty("target", out _));
        Assert.False(target.TryGetProperty("no-cache", out _));
    }

    [Fact]
    public void An_inline_build_sends_its_instructions_escaped_with_the_given_empty_context()
    {
        var target = Target(Request(context: null, instructions: "FROM scratch\nARG V\nRUN echo \"${V}\" 100%\n"), context: "/tmp/empty");

        Assert.Equal("/tmp/empty", target.GetProperty("context").GetString());
        Assert.Equal("FROM scratch\nARG V\nRUN echo \"${V}\" 100%\n", Evaluate(target.GetProperty("dockerfile-inline").GetString()!));
        Assert.False(target.TryGetProperty("dockerfile", out _));
        Assert.False(target.TryGetProperty("args", out _));
        Assert.False(target.TryGetProperty("labels", out _));
    }

    [Fact]
    public void Target_and_no_cache_are_carried_when_set()
    {
        var target = Target(Request(target: "first", noCache: true));

        Assert.Equal("first", target.GetProperty("target").GetString());
        Assert.True(target.GetProperty("no-cache").GetBoolean());
    }

    [Fact]
    public void A_context_path_with_a_dollar_is_escaped_too()
    {
        var target = Target(Request(context: "/work/$ctx"), context: "/work/$ctx");

        Assert.Equal("/work/$ctx", Evaluate(target.GetProperty("context").GetString()!));
        Assert.NotEqual("/work/$ctx", target.GetProperty("context").GetString());
    }

    [Fact]
    public void The_definition_is_indented_one_value_per_line()
    {
        var text = Encoding.UTF8.GetString(BakeDefinition.Render(Request(args: [new("A", "1"), new("B", "2")]), "/ctx"));

        Assert.Contains(text.Split('\n'), l => l.Trim() == "\"A\": \"1\",");
        Assert.Contains(text.Split('\n'), l => l.Trim() == "\"B\": \"2\"");
    }
}
