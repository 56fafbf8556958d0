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

    [Fact]
    public void Probes_and_housekeeping_are_bounded_by_default()
    {
        var options = new EngineOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.HousekeepingTimeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_bound_that_is_not_positive_is_refused_naming_the_option(int seconds)
    {
        var probe = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineOptions { ProbeTimeout = TimeSpan.FromSeconds(seconds) });
        var housekeeping = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineOptions { HousekeepingTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("EngineOptions.ProbeTimeout must be positive", probe.Message, StringComparison.Ordinal);
        Assert.Contains("EngineOptions.HousekeepingTimeout must be positive", housekeeping.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_names_the_operation_the_engine_and_the_bound()
    {
        var thrown = new EngineTimeoutException("container list", EngineKind.Podman, TimeSpan.FromSeconds(2));

        Assert.Equal("container list", thrown.Operation);
        Assert.Equal(EngineKind.Podman, thrown.Engine);
        Assert.Equal(TimeSpan.FromSeconds(2), thrown.Bound);
        Assert.StartsWith("podman did not finish 'container list' within 2 s", thrown.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<EngineOperationException>(thrown);
    }
}
