using System.Text.Json;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class EngineDialectSpecs
{
    private static readonly EngineDialect Docker = EngineDialect.For(EngineKind.Docker);
    private static readonly EngineDialect Podman = EngineDialect.For(EngineKind.Podman);

    private static EngineDialect For(string engine) => engine == "docker" ? Docker : Podman;

    [Fact]
    public void Each_kind_has_its_own_dialect()
    {
        Assert.Equal(EngineKind.Docker, Docker.Kind);
        Assert.Equal(EngineKind.Podman, Podman.Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => EngineDialect.For((EngineKind)42));
    }

    // ---- rootless probes ----------------------------------------------------------------------------

    [Fact]
    public void Docker_probes_rootless_through_the_security_options()
    {
        Assert.Equal(["info", "--format", "{{range .SecurityOptions}}{{println .}}{{end}}"], Docker.RootlessProbeArguments);
    }

    [Fact]
    public void Podman_probes_rootless_through_host_security()
    {
        Assert.Equal(["info", "--format", "{{.Host.Security.Rootless}}"], Podman.RootlessProbeArguments);
    }

    [Theory]
    [InlineData("name=seccomp,profile=builtin\nname=rootless\n", true)]
    [InlineData("name=seccomp,profile=builtin\nname=rootless\nname=cgroupns\n", true)]
    [InlineData("name=rootless", true)]
    [InlineData("name=seccomp,profile=builtin\r\nname=rootless\r\n", true)]
    [InlineData("name=apparmor\nname=seccomp,profile=builtin\nname=cgroupns\n", false)]
    [InlineData("name=seccomp,profile=builtin\nname=cgroupns\n", false)]
    [InlineData("", false)]
    [InlineData("rootless\n", false)]
    [InlineData("name=rootlessish\n", false)]
    [InlineData("name=seccomp,profile=rootless\n", false)]
    public void Docker_rootless_is_read_from_the_name_fields_of_the_security_options(string output, bool expected)
    {
        // The Rust crate compared whole lines with "rootless", which never matches Docker's "name=rootless".
        Assert.Equal(expected, Docker.ParseRootless(output));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("true\n", true)]
    [InlineData("false\n", false)]
    [InlineData(" false ", false)]
    public void Podman_rootless_is_true_or_false(string output, bool expected)
    {
        Assert.Equal(expected, Podman.ParseRootless(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("<no value>")]
    public void Podman_rootless_garbage_is_a_format_exception_quoting_it(string output)
    {
        var ex = Assert.Throws<FormatException>(() => Podman.ParseRootless(output));

        Assert.Contains($"'{output}'", ex.Message, StringComparison.Ordinal);
    }

    // ---- commit -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("28.5.1", false, new[] { "--pause=false" })]
    [InlineData("26.1.5+dfsg1", false, new[] { "--pause=false" })]
    [InlineData("29.0.0", false, new[] { "--no-pause" })]
    [InlineData("29.0.0-rc.1", false, new[] { "--no-pause" })]
    [InlineData("30.1", false, new[] { "--no-pause" })]
    [InlineData("28.5.1", true, new string[0])]
    [InlineData("29.0.0", true, new string[0])]
    public void Docker_commit_pause_flags_depend_on_the_version(string version, bool pause, string[] expected)
    {
        Assert.Equal(expected, Docker.CommitPauseArguments(EngineVersion.Parse(version), pause));
    }

    [Theory]
    [InlineData("4.9.0", true, new[] { "--pause" })]
    [InlineData("5.6.0", true, new[] { "--pause" })]
    [InlineData("4.9.0", false, new string[0])]
    [InlineData("5.6.0", false, new string[0])]
    public void Podman_commit_pauses_only_when_asked(string version, bool pause, string[] expected)
    {
        Assert.Equal(expected, Podman.CommitPauseArguments(EngineVersion.Parse(version), pause));
    }

    // ---- image exists -------------------------------------------------------------------------------

    [Fact]
    public void Docker_asks_whether_an_image_exists_with_image_inspect()
    {
        Assert.Equal(["image", "inspect", "--format", "{{.Id}}", "docker.io/library/alpine:3.20"], Docker.ImageExistsArguments("docker.io/library/alpine:3.20"));
    }

    [Fact]
    public void Podman_asks_whether_an_image_exists_with_image_exists_and_an_end_of_options_marker()
    {
        Assert.Equal(["image", "exists", "--", "alpine:3.20"], Podman.ImageExistsArguments("alpine:3.20"));
    }

    [Theory]
    [InlineData(0, "", true)]
    [InlineData(1, "Error response from daemon: No such image: foo:latest", false)]
    [InlineData(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", null)]
    [InlineData(125, "permission denied while trying to connect to the Docker daemon socket", null)]
    public void Docker_image_presence_comes_from_exit_code_and_stderr(int exitCode, string stderr, bool? expected)
    {
        Assert.Equal(expected, Docker.ImageExistsFromExitCode(exitCode, stderr));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(125, null)]
    [InlineData(2, null)]
    [InlineData(-1, null)]
    public void Podman_image_presence_comes_from_the_exit_code(int exitCode, bool? expected)
    {
        Assert.Equal(expected, Podman.ImageExistsFromExitCode(exitCode, "whatever"));
    }

    // ---- classification of standard error ----------------------------------------------------------

    [Theory]
    [InlineData("docker", "docker: Error response from daemon: Conflict. The container name \"/x\" is already in use by container \"abc\". You have to remove (or rename) that container to be able to reuse that name.", nameof(FailureKind.NameInUse))]
    [InlineData("podman", "Error: creating container storage: the container name \"x\" is already in use by abc. You have to remove that container to be able to reuse that name: that name is already in use", nameof(FailureKind.NameInUse))]
    [InlineData("docker", "Error response from daemon: No such container: abc", nameof(FailureKind.NoSuchContainer))]
    [InlineData("podman", "Error: no container with name or ID \"abc\" found: no such container", nameof(FailureKind.NoSuchContainer))]
    [InlineData("podman", "Error: no container with ID or name \"abc\" found: no such container", nameof(FailureKind.NoSuchContainer))]
    [InlineData("docker", "Error response from daemon: No such image: foo:latest", nameof(FailureKind.NoSuchImage))]
    [InlineData("podman", "Error: foo: image not known", nameof(FailureKind.NoSuchImage))]
    [InlineData("docker", "Unable to find image 'nope:latest' locally", nameof(FailureKind.NoSuchImage))]
    [InlineData("docker", "Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'", nameof(FailureKind.NoSuchImage))]
    [InlineData("docker", "Error response from daemon: manifest for localhost:5000/x:latest not found: manifest unknown: manifest unknown", nameof(FailureKind.ManifestUnknown))]
    [InlineData("podman", "Error: initializing source docker://localhost:5000/x:latest: reading manifest latest in localhost:5000/x: manifest unknown", nameof(FailureKind.ManifestUnknown))]
    [InlineData("docker", "Error response from daemon: Cannot connect to the Docker daemon", nameof(FailureKind.Other))]
    [InlineData("podman", "Error: short-name resolution enforced but cannot prompt without a TTY", nameof(FailureKind.Other))]
    [InlineData("docker", "docker: Error response from daemon: driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated.", nameof(FailureKind.Other))]
    [InlineData("podman", "Error: rootlessport listen tcp 0.0.0.0:8080: bind: address already in use", nameof(FailureKind.Other))]
    [InlineData("docker", "Error response from daemon: network web not found", nameof(FailureKind.NoSuchNetwork))]
    [InlineData("docker", "Error: No such network: web", nameof(FailureKind.NoSuchNetwork))]
    [InlineData("podman", "Error: inspecting object: network web: unable to find network with name or ID web: network not found", nameof(FailureKind.NoSuchNetwork))]
    [InlineData("podman", "Error: unable to find network with name or ID web: network not found", nameof(FailureKind.NoSuchNetwork))]
    [InlineData("docker", "Error response from daemon: network with name web already exists", nameof(FailureKind.NetworkNameInUse))]
    [InlineData("podman", "Error: network name web already used: network already exists", nameof(FailureKind.NetworkNameInUse))]
    [InlineData("docker", "", nameof(FailureKind.Other))]
    [InlineData("podman", "", nameof(FailureKind.Other))]
    public void Standard_error_of_each_engine_is_classified(string engine, string stderr, string expected)
    {
        Assert.Equal(Enum.Parse<FailureKind>(expected), For(engine).Classify(stderr));
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public void Classification_ignores_case_and_surrounding_text(string engine)
    {
        Assert.Equal(FailureKind.NoSuchContainer, For(engine).Classify("warning: x\nERROR RESPONSE FROM DAEMON: NO SUCH CONTAINER: ABC\n"));
        Assert.Equal(FailureKind.ManifestUnknown, For(engine).Classify("Trying to pull...\nError: MANIFEST UNKNOWN"));
    }

    // ---- bridge network -----------------------------------------------------------------------------

    [Fact]
    public void The_default_bridge_networks_are_named_per_engine()
    {
        Assert.Equal("bridge", Docker.DefaultBridgeNetwork);
        Assert.Equal("podman", Podman.DefaultBridgeNetwork);
    }

    [Fact]
    public void Docker_bridge_subnets_come_from_ipam_config()
    {
        using var doc = JsonDocument.Parse("""[{"Name":"bridge","IPAM":{"Config":[{"Subnet":"172.17.0.0/16","Gateway":"172.17.0.1"},{"Subnet":"fd00::/64"}]}}]""");

        Assert.Equal(["172.17.0.0/16", "fd00::/64"], Docker.ParseBridgeSubnets(doc.RootElement));
    }

    [Fact]
    public void Podman_bridge_subnets_come_from_the_lower_case_subnets_list()
    {
        using var doc = JsonDocument.Parse("""[{"name":"podman","subnets":[{"subnet":"10.88.0.0/16","gateway":"10.88.0.1"}]}]""");

        Assert.Equal(["10.88.0.0/16"], Podman.ParseBridgeSubnets(doc.RootElement));
    }

    [Fact]
    public void Each_engine_reads_only_its_own_network_shape()
    {
        using var docker = JsonDocument.Parse("""[{"Name":"bridge","IPAM":{"Config":[{"Subnet":"172.17.0.0/16"}]}}]""");
        using var podman = JsonDocument.Parse("""[{"name":"podman","subnets":[{"subnet":"10.88.0.0/16"}]}]""");

        Assert.Empty(Podman.ParseBridgeSubnets(docker.RootElement));
        Assert.Empty(Docker.ParseBridgeSubnets(podman.RootElement));
    }

    [Fact]
    public void Networks_without_subnets_give_an_empty_list()
    {
        using var docker = JsonDocument.Parse("""[{"Name":"bridge","IPAM":{"Config":null}}, {"Name":"none","IPAM":{"Config":[]}}]""");
        using var podman = JsonDocument.Parse("""[{"name":"podman","subnets":null}]""");

        Assert.Empty(Docker.ParseBridgeSubnets(docker.RootElement));
        Assert.Empty(Podman.ParseBridgeSubnets(podman.RootElement));
    }

    // ---- host gateway -------------------------------------------------------------------------------

    [Fact]
    public void The_host_gateway_is_engine_specific()
    {
        Assert.Equal(("host.docker.internal", "host.docker.internal:host-gateway"), EngineKind.Docker.HostGateway());
        Assert.Equal(("host.containers.internal", (string?)null), EngineKind.Podman.HostGateway());
    }

    // ---- health -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{"Status":"running","Health":{"Status":"healthy","FailingStreak":0}}""", "healthy")]
    [InlineData("""{"Status":"running","Healthcheck":{"Status":"starting"}}""", "starting")]
    [InlineData("""{"Status":"running","Health":{"Status":""},"Healthcheck":{"Status":"unhealthy"}}""", "unhealthy")]
    [InlineData("""{"Status":"running"}""", null)]
    [InlineData("""{"Status":"running","Health":null}""", null)]
    [InlineData("""{"Status":"running","Health":{"Status":""}}""", null)]
    public void Health_status_is_read_from_health_or_healthcheck(string state, string? expected)
    {
        using var doc = JsonDocument.Parse(state);

        Assert.Equal(expected, Docker.ReadHealthStatus(doc.RootElement));
        Assert.Equal(expected, Podman.ReadHealthStatus(doc.RootElement));
    }

    [Fact]
    public void A_missing_state_has_no_health_status()
    {
        Assert.Null(Docker.ReadHealthStatus(default));
        using var doc = JsonDocument.Parse("null");
        Assert.Null(Podman.ReadHealthStatus(doc.RootElement));
    }
}

public class EngineDialectTeardownAndFailureSpecs
{
    private static readonly EngineDialect Docker = EngineDialect.For(EngineKind.Docker);
    private static readonly EngineDialect Podman = EngineDialect.For(EngineKind.Podman);

    [Fact]
    public void Builds_with_arguments_the_CLI_reads_itself_take_each_engines_route()
    {
        Assert.Equal(ReservedArgumentBuildRoute.BakeFromStandardInput, Docker.ReservedArgumentBuildRoute);
        Assert.Equal(ReservedArgumentBuildRoute.PrivateServiceApi, Podman.ReservedArgumentBuildRoute);
    }

    [Fact]
    public void A_forced_removal_kills_at_once_on_both_engines()
    {
        Assert.Equal(["container", "rm", "--force", "abc"], Docker.ForceRemoveArguments("abc"));
        Assert.Equal(["container", "rm", "--force", "--time", "0", "abc"], Podman.ForceRemoveArguments("abc"));
    }

    [Fact]
    public void The_exit_events_of_one_container_are_asked_for_in_each_engines_own_words()
    {
        var since = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);

        Assert.Equal(
            ["events", "--since", "1764000000", "--filter", "container=abc", "--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}"],
            Docker.ExitEventArguments("abc", since));
        Assert.Equal(
            ["events", "--since", "1764000000", "--filter", "container=abc", "--filter", "event=died", "--format", "{{.ContainerExitCode}}"],
            Podman.ExitEventArguments("abc", since));
    }

    [Fact]
    public void Docker_reports_why_an_exec_could_not_start_on_standard_output()
    {
        const string reason = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nope\": executable file not found in $PATH: unknown";

        Assert.Equal(reason, Docker.ExecStartFailure(126, reason + "\n", string.Empty));
        Assert.Null(Docker.ExecStartFailure(126, "my program printed this\n", string.Empty));
        Assert.Null(Docker.ExecStartFailure(1, reason, string.Empty));
    }

    [Fact]
    public void Podman_reports_why_an_exec_could_not_start_on_standard_error()
    {
        const string reason = "Error: runc: exec failed: unable to start container process: chdir to cwd (\"/x\") set in config.json failed: no such file or directory: OCI runtime attempted to invoke a command that was not found";

        Assert.Equal(reason, Podman.ExecStartFailure(127, string.Empty, reason));
        Assert.Null(Podman.ExecStartFailure(127, string.Empty, "sh: nope: not found"));
        Assert.Null(Podman.ExecStartFailure(0, string.Empty, reason));
    }

    [Theory]
    [InlineData("Error: short-name \"app:1\" did not resolve to an alias and no unqualified-search registries are defined in \"/etc/containers/registries.conf\"")]
    [InlineData("docker: Error response from daemon: pull access denied for x, repository does not exist or may require 'docker login'")]
    [InlineData("Error: lead/absent:1: image not known")]
    public void A_reference_no_registry_resolves_means_no_such_image(string standardError)
    {
        Assert.Equal(FailureKind.NoSuchImage, Docker.Classify(standardError));
        Assert.Equal(FailureKind.NoSuchImage, Podman.Classify(standardError));
    }

    [Theory]
    [InlineData("Trying to pull docker.io/library/x:1...\nError: initializing source docker://x:1: pinging container registry registry-1.docker.io: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", true)]
    [InlineData("docker: Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host.", true)]
    [InlineData("docker: Error response from daemon: failed to create task for container: exec: \"nope\": executable file not found", false)]
    public void A_run_whose_image_could_not_be_pulled_is_recognised_but_the_failure_itself_stays_an_engine_failure(string standardError, bool failedPull)
    {
        Assert.Equal(failedPull, Docker.IsFailedPullOfRun(standardError));
        Assert.Equal(failedPull, Podman.IsFailedPullOfRun(standardError));
        Assert.Equal(FailureKind.Other, Docker.Classify(standardError));
    }

    [Fact]
    public void Podmans_refusal_of_a_missing_working_directory_is_recognised()
    {
        Assert.Equal(FailureKind.WorkingDirectoryMissing, Podman.Classify("Error: workdir \"/no/such\" does not exist on container 4f0c"));
    }

    [Theory]
    [InlineData("app:1", "app:1", "app:1")]
    [InlineData("localhost/app:1", "localhost/app:1", "app:1")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app:1", "localhost:5000/app:1")]
    [InlineData("docker.io/library/postgres:16", "docker.io/library/postgres:16", "docker.io/library/postgres:16")]
    public void The_image_of_a_container_reads_as_given_on_both_engines(string recorded, string docker, string podman)
    {
        using var doc = JsonDocument.Parse($$"""{ "Config": { "Image": "{{recorded}}" } }""");

        Assert.Equal(docker, Docker.ReadContainerImage(doc.RootElement));
        Assert.Equal(podman, Podman.ReadContainerImage(doc.RootElement));
    }
}
