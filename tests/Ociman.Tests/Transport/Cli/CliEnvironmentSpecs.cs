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
    public void The_env_file_is_a_pipe_only_its_owner_can_open_that_gives_the_values_once_and_leaves_no_name_on_disk()
    {
        using var file = EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "/data", ["PATH"] = "/bin" })!;
        var directory = Path.GetDirectoryName(file.Path)!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(0, new FileInfo(file.Path).Length);

        var bytes = File.ReadAllBytes(file.Path);

        Assert.Equal("HOME=/data\nPATH=/bin\n", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.False(Directory.Exists(directory), "the pipe's directory is removed as soon as the reader has opened it");
        Assert.True(file.WasRead);
    }

    [Fact]
    public void An_env_file_nobody_read_is_removed_when_disposed_without_waiting_for_a_reader()
    {
        var file = EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "/data" })!;
        file.Dispose();
        Assert.False(File.Exists(file.Path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file.Path)));
        Assert.False(file.WasRead);
    }

    [Fact]
    public void The_pipe_directory_of_a_process_that_is_gone_is_removed_by_the_next_env_file()
    {
        var stale = Path.Combine(Path.GetTempPath(), "ociman-env-2147483647-1-stale" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(stale);
        using var file = EnvFile.Create(new Dictionary<string, string> { ["HOME"] = "/data" })!;
        Assert.False(Directory.Exists(stale), "a directory whose owner pid does not run is removed");
        Assert.True(Directory.Exists(Path.GetDirectoryName(file.Path)), "this process's own pipe stays until it is read");
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
