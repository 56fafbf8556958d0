using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class CliEnvironmentSpecs
{
    [Theory]
    [InlineData("PATH")]
    [InlineData("HOME")]
    [InlineData("DOCKER_HOST")]
    [InlineData("DOCKER_CONFIG")]
    [InlineData("CONTAINER_HOST")]
    [InlineData("XDG_RUNTIME_DIR")]
    [InlineData("HTTP_PROXY")]
    [InlineData("https_proxy")]
    public void Variables_the_engine_cli_reads_itself_are_reserved(string name) => Assert.True(CliEnvironment.IsReservedForCli(name));

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("OCIMAN_SECRET")]
    [InlineData("GREETING")]
    [InlineData("APP_HOME")]
    public void Ordinary_variables_are_passed_through_the_cli_environment(string name) => Assert.False(CliEnvironment.IsReservedForCli(name));

    [Fact]
    public void A_reserved_variable_is_rendered_as_an_env_file_and_never_as_a_name_or_value()
    {
        var definition = ContainerDefinition.For("busybox").WithEnvironment("HOME", "/data").WithEnvironment("GREETING", "hi");
        var args = ContainerArguments.Run(definition, RunMode.Detached, envFile: "/tmp/ociman-env-x");

        Assert.Contains("GREETING", args);
        Assert.DoesNotContain("HOME", args);
        Assert.DoesNotContain(args, a => a.Contains("/data", StringComparison.Ordinal));
        var at = args.ToList().IndexOf("--env-file");
        Assert.Equal("/tmp/ociman-env-x", args[at + 1]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_env_file_holds_the_values_and_only_its_owner_can_read_it()
    {
        using var file = EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "/data", ["PATH"] = "/bin" })!;

        Assert.Equal("HOME=/data\nPATH=/bin\n", File.ReadAllText(file.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(file.Path)[0]);
    }

    [Fact]
    public void The_env_file_is_deleted_when_disposed()
    {
        var file = EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "/data" })!;
        file.Dispose();
        Assert.False(File.Exists(file.Path));
    }

    [Fact]
    public void A_reserved_variable_with_a_line_break_is_refused_naming_the_variable_not_the_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "a\nsecret" }));
        Assert.Contains("'HOME'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_reserved_variables_means_no_env_file() => Assert.Null(EnvFile.Create(new Dictionary<string, string>()));
}

public sealed class TransientBuildFailureSpecs
{
    private const string PodmanCacheRace = "STEP 2/4: RUN echo x\nError: checking if cached image exists from a previous build: getting top layer info: layer not known";

    [Fact]
    public void Podmans_build_cache_race_is_transient() => Assert.True(PodmanDialect.Instance.IsTransientBuildFailure(PodmanCacheRace));

    [Fact]
    public void An_ordinary_build_failure_is_not_transient() =>
        Assert.False(PodmanDialect.Instance.IsTransientBuildFailure("Error: building at STEP \"RUN exit 3\": exit status 3"));

    [Fact]
    public void Docker_has_no_transient_build_failure() => Assert.False(DockerDialect.Instance.IsTransientBuildFailure(PodmanCacheRace));
}
