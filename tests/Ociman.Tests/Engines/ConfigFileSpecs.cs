using Ociman.Engines;

namespace Ociman.Tests.Engines;

public class ConfigFileSpecs
{
    private const string File = "/home/u/.config/ociman.toml";

    private static Func<string, string?> Env(string? xdg, string? home) => name => name switch
    {
        "XDG_CONFIG_HOME" => xdg,
        "HOME" => home,
        _ => null,
    };

    [Fact]
    public void An_absolute_xdg_config_home_is_honoured()
    {
        Assert.Equal(Path.Combine("/xdg", "ociman.toml"), ConfigFile.GetPath(Env("/xdg", "/home/u")));
    }

    [Fact]
    public void A_relative_xdg_config_home_is_ignored_for_home()
    {
        Assert.Equal(Path.Combine("/home/u", ".config", "ociman.toml"), ConfigFile.GetPath(Env("relative/dir", "/home/u")));
    }

    [Fact]
    public void An_empty_xdg_config_home_falls_back_to_home()
    {
        Assert.Equal(Path.Combine("/home/u", ".config", "ociman.toml"), ConfigFile.GetPath(Env(string.Empty, "/home/u")));
    }

    [Fact]
    public void Without_xdg_config_home_home_is_used()
    {
        Assert.Equal(Path.Combine("/home/u", ".config", "ociman.toml"), ConfigFile.GetPath(Env(null, "/home/u")));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("relative", null)]
    public void Without_either_variable_there_is_no_config_path(string? xdg, string? home)
    {
        Assert.Null(ConfigFile.GetPath(Env(xdg, home)));
    }

    [Theory]
    [InlineData("default_backend = \"docker\"", "docker")]
    [InlineData("default_backend = \"podman\"", "podman")]
    [InlineData("default_backend = \"auto\"", "auto")]
    [InlineData("default_backend=\"podman\"", "podman")]
    [InlineData("  default_backend   =   \"podman\"  ", "podman")]
    [InlineData("default_backend = \"podman\" # prefer podman", "podman")]
    [InlineData("default_backend = \"podman\"\r\n", "podman")]
    public void A_valid_default_backend_line_is_read(string text, string expected)
    {
        var setting = ConfigFile.Parse(File, text);

        Assert.NotNull(setting);
        Assert.Equal(expected, setting.DefaultBackend);
        Assert.Equal(File, setting.Path);
    }

    [Fact]
    public void Comments_blank_lines_and_other_keys_are_ignored()
    {
        const string text = """
            # ociman configuration

            other_key = 42
            # default_backend = "docker"
            default_backendx = "weird"
            default_backend = "podman"
            """;

        Assert.Equal("podman", ConfigFile.Parse(File, text)?.DefaultBackend);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("other = \"docker\"")]
    [InlineData("# default_backend = \"podman\"")]
    public void A_file_without_the_key_has_no_setting(string text)
    {
        Assert.Null(ConfigFile.Parse(File, text));
    }

    [Theory]
    [InlineData("default_backend = docker", 1)]
    [InlineData("\n\ndefault_backend = podman", 3)]
    [InlineData("# c\ndefault_backend = 'docker'", 2)]
    [InlineData("default_backend = \"docker", 1)]
    [InlineData("default_backend = \"docker\" trailing", 1)]
    [InlineData("default_backend =", 1)]
    public void An_unquoted_or_malformed_value_is_an_error_with_file_and_line(string text, int line)
    {
        var ex = Assert.Throws<EngineConfigurationException>(() => ConfigFile.Parse(File, text));

        Assert.Contains(File, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("default_backend", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default_backend = \"Docker\"", "Docker")]
    [InlineData("default_backend = \"kubernetes\"", "kubernetes")]
    [InlineData("default_backend = \"\"", "")]
    public void An_unknown_value_is_an_error_naming_it_with_file_and_line(string text, string value)
    {
        var ex = Assert.Throws<EngineConfigurationException>(() => ConfigFile.Parse(File, "# header\n" + text));

        Assert.Contains($"\"{value}\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(File, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"podman\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_missing_file_or_no_path_gives_no_setting()
    {
        Assert.Null(ConfigFile.Read(null));
        Assert.Null(ConfigFile.Read(Path.Combine(Path.GetTempPath(), "ociman-missing-" + Guid.NewGuid().ToString("N"), "ociman.toml")));
    }

    [Fact]
    public void Reading_an_existing_file_parses_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, "default_backend = \"podman\"\n");

            var setting = ConfigFile.Read(path);

            Assert.Equal(new ConfigFileSetting(path, "podman"), setting);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
