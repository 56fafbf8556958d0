namespace Ociman.Tests.Engines;

public class EngineOptionsSpecs
{
    [Fact]
    public void Container_labels_are_empty_by_default()
    {
        Assert.Empty(new EngineOptions().ContainerLabels);
    }

    [Fact]
    public void Container_labels_are_kept_sorted_by_key()
    {
        var options = new EngineOptions { ContainerLabels = new Dictionary<string, string> { ["z.b"] = "2", ["a.a"] = "1", ["m.empty"] = string.Empty } };

        Assert.Equal(["a.a", "m.empty", "z.b"], options.ContainerLabels.Keys);
        Assert.Equal(string.Empty, options.ContainerLabels["m.empty"]);
    }

    [Theory]
    [InlineData("bad key", "' '")]
    [InlineData("a=b", "'='")]
    [InlineData("", "empty")]
    [InlineData("new\nline", "'\\n'")]
    public void An_invalid_container_label_key_is_refused_when_the_option_is_set_naming_the_key(string key, string reason)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new EngineOptions { ContainerLabels = new Dictionary<string, string> { [key] = "v" } });

        Assert.Contains("EngineOptions.ContainerLabels", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("label key", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', thrown.Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void A_container_label_value_with_a_nul_character_is_refused_naming_its_key()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new EngineOptions { ContainerLabels = new Dictionary<string, string> { ["io.example.k"] = "a\0b" } });

        Assert.Contains("EngineOptions.ContainerLabels", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("'io.example.k'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("NUL", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_engine_reports_the_labels_it_adds()
    {
        var engine = Engine.CreateForTesting(EngineKind.Podman, new EngineVersion(4, 3), containerLabels: new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal("v", engine.ContainerLabels["k"]);
    }
}
