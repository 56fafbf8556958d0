using Ociman.Engines;

namespace Ociman.Tests.Engines;

public class EngineSelectionSpecs
{
    private static ConfigFileSetting? NoConfigFile() => null;

    [Theory]
    [InlineData("docker", EngineKind.Docker)]
    [InlineData("podman", EngineKind.Podman)]
    public void The_backend_variable_selects_exactly_one_engine_without_fallback(string value, EngineKind expected)
    {
        var selection = EngineSelection.Resolve(value, NoConfigFile);

        Assert.Equal([expected], selection.Candidates);
        Assert.Equal(SelectionSource.EnvironmentVariable, selection.Source);
        Assert.Contains("OCIMAN_BACKEND=" + value, selection.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public void The_config_file_is_not_read_when_the_backend_variable_is_set(string value)
    {
        var reads = 0;

        EngineSelection.Resolve(value, () =>
        {
            reads++;
            return new ConfigFileSetting("/x/ociman.toml", "podman");
        });

        Assert.Equal(0, reads);
    }

    [Fact]
    public void The_config_file_is_not_read_when_the_backend_variable_is_invalid()
    {
        var reads = 0;

        Assert.Throws<EngineConfigurationException>(() => EngineSelection.Resolve("nope", () =>
        {
            reads++;
            return null;
        }));
        Assert.Equal(0, reads);
    }

    [Theory]
    [InlineData("Docker")]
    [InlineData("PODMAN")]
    [InlineData("auto")]
    [InlineData("")]
    [InlineData(" docker")]
    [InlineData("docker ")]
    [InlineData("kubernetes")]
    public void An_invalid_backend_variable_is_an_error_naming_the_value_and_the_allowed_ones(string value)
    {
        var ex = Assert.Throws<EngineConfigurationException>(() => EngineSelection.Resolve(value, NoConfigFile));

        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OCIMAN_BACKEND", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'docker'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'podman'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_backend_variable_is_an_ociman_exception()
    {
        Assert.IsAssignableFrom<OcimanException>(Assert.Throws<EngineConfigurationException>(() => EngineSelection.Resolve("x", NoConfigFile)));
    }

    [Fact]
    public void Without_variable_or_config_file_docker_is_probed_before_podman()
    {
        var selection = EngineSelection.Resolve(null, NoConfigFile);

        Assert.Equal([EngineKind.Docker, EngineKind.Podman], selection.Candidates);
        Assert.Equal(SelectionSource.Auto, selection.Source);
    }

    [Fact]
    public void Without_the_variable_the_config_file_is_read_once()
    {
        var reads = 0;

        EngineSelection.Resolve(null, () =>
        {
            reads++;
            return null;
        });

        Assert.Equal(1, reads);
    }

    [Theory]
    [InlineData("docker", new[] { EngineKind.Docker, EngineKind.Podman }, nameof(SelectionSource.ConfigFile))]
    [InlineData("podman", new[] { EngineKind.Podman, EngineKind.Docker }, nameof(SelectionSource.ConfigFile))]
    [InlineData("auto", new[] { EngineKind.Docker, EngineKind.Podman }, nameof(SelectionSource.Auto))]
    public void The_config_file_orders_the_candidates(string backend, EngineKind[] expected, string source)
    {
        var selection = EngineSelection.Resolve(null, () => new ConfigFileSetting("/home/u/.config/ociman.toml", backend));

        Assert.Equal(expected, selection.Candidates);
        Assert.Equal(Enum.Parse<SelectionSource>(source), selection.Source);
    }

    [Fact]
    public void A_config_file_preference_names_the_file_in_its_description()
    {
        var selection = EngineSelection.Resolve(null, () => new ConfigFileSetting("/home/u/.config/ociman.toml", "podman"));

        Assert.Contains("/home/u/.config/ociman.toml", selection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_error_propagates()
    {
        Assert.Throws<EngineConfigurationException>(() => EngineSelection.Resolve(null, () => throw new EngineConfigurationException("bad")));
    }
}
