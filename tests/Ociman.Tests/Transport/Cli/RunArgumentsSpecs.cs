using System.Net;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class RunArgumentsSpecs
{
    private static readonly ContainerDefinition Alpine = ContainerDefinition.For("alpine:3.20");

    private static List<string> Render(ContainerDefinition definition, RunMode mode = RunMode.Detached, IReadOnlyDictionary<string, string>? extraLabels = null) =>
        [.. ContainerArguments.Run(definition, mode, extraLabels)];

    [Fact]
    public void A_minimal_definition_runs_detached_with_rm_and_the_image()
    {
        Assert.Equal(["container", "run", "--detach", "--rm", "alpine:3.20"], Render(Alpine));
    }

    [Fact]
    public void A_definition_with_every_option_renders_every_argument_in_the_documented_order()
    {
        var definition = ContainerDefinition.For("docker.io/library/postgres:16")
            .WithTty()
            .WithInteractive()
            .WithPullPolicy(PullPolicy.Missing)
            .WithName("db-1")
            .WithEnvironment("POSTGRES_USER", "user")
            .WithEnvironment("A_FIRST", "value-a")
            .WithLabel("z.last", "9")
            .WithLabel("a.first", "1")
            .WithPublish(PublishSpec.Tcp(5432, IPAddress.Loopback), PublishSpec.Parse("8080:80/udp"))
            .WithMounts(Mount.Tmpfs("/tmp/a"), Mount.Bind("/srv/data", "/data", readOnly: true))
            .WithSecurityOptions("no-new-privileges", "label=disable")
            .WithNetwork("testnet")
            .WithNetworkAliases("db", "postgres")
            .WithHostname("dbhost")
            .WithExtraHost("host.docker.internal", "host-gateway")
            .WithUser("999:999")
            .WithInit()
            .WithMemoryLimit(256L * 1024 * 1024)
            .WithCpuLimit(1.5)
            .WithStopSignal("SIGINT")
            .WithStopTimeout(TimeSpan.FromSeconds(2.5))
            .WithHealthCheck(new HealthCheck("pg_isready", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1500), 5, TimeSpan.FromSeconds(30)))
            .WithWorkingDirectory("/var/lib/postgresql")
            .WithEntrypoint("docker-entrypoint.sh")
            .WithArguments("postgres", "-c", "fsync=off");

        var argv = Render(definition, RunMode.Detached, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = "inv1" });

        Assert.Equal(
            [
                "container", "run",
                "--detach",
                "--rm",
                "--tty",
                "--interactive",
                "--pull", "missing",
                "--name", "db-1",
                "--env", "A_FIRST",
                "--env", "POSTGRES_USER",
                "--label", "a.first=1",
                "--label", "io.ociman.invocation=inv1",
                "--label", "z.last=9",
                "--publish", "127.0.0.1::5432/tcp",
                "--publish", "8080:80/udp",
                "--mount", "type=tmpfs,target=/tmp/a",
                "--mount", "type=bind,source=/srv/data,target=/data,readonly",
                "--security-opt", "no-new-privileges",
                "--security-opt", "label=disable",
                "--network", "testnet",
                "--network-alias", "db",
                "--network-alias", "postgres",
                "--hostname", "dbhost",
                "--add-host", "host.docker.internal:host-gateway",
                "--user", "999:999",
                "--init",
                "--memory", "268435456",
                "--cpus", "1.5",
                "--stop-signal", "SIGINT",
                "--stop-timeout", "3",
                "--health-cmd", "pg_isready",
                "--health-interval", "1s",
                "--health-timeout", "1.5s",
                "--health-retries", "5",
                "--health-start-period", "30s",
                "--workdir", "/var/lib/postgresql",
                "--entrypoint", "docker-entrypoint.sh",
                "docker.io/library/postgres:16",
                "postgres", "-c", "fsync=off",
            ],
            argv);
    }

    [Fact]
    public void Environment_values_never_appear_on_the_command_line()
    {
        var definition = Alpine
            .WithEnvironment("POSTGRES_PASSWORD", "s3cr3t-password")
            .WithEnvironment("TOKEN", "tok-123");

        var argv = Render(definition);

        Assert.DoesNotContain(argv, a => a.Contains("s3cr3t-password", StringComparison.Ordinal));
        Assert.DoesNotContain(argv, a => a.Contains("tok-123", StringComparison.Ordinal));
        Assert.DoesNotContain(argv, a => a.Contains('=', StringComparison.Ordinal) && a.StartsWith("POSTGRES_PASSWORD", StringComparison.Ordinal));
        Assert.Equal(["--env", "POSTGRES_PASSWORD", "--env", "TOKEN"], argv.Skip(4).Take(4));
    }

    [Fact]
    public void Environment_variables_are_passed_by_name_sorted_ordinally()
    {
        var definition = Alpine.WithEnvironment("b", "1").WithEnvironment("B", "2").WithEnvironment("_A", "3").WithEnvironment("A", "4");

        Assert.Equal(["A", "B", "_A", "b"], EnvNames(Render(definition)));
    }

    [Fact]
    public void Setting_an_environment_variable_again_replaces_it_without_a_second_flag()
    {
        var definition = Alpine.WithEnvironment("X", "1").WithEnvironment("X", "2");

        Assert.Equal(["X"], EnvNames(Render(definition)));
        Assert.Equal("2", definition.Environment["X"]);
    }

    [Fact]
    public void Labels_are_rendered_as_key_equals_value_sorted_by_key()
    {
        var definition = Alpine.WithLabel("org.b", "2").WithLabel("org.a", "1").WithLabel("com.c", "x=y");

        Assert.Equal(["com.c=x=y", "org.a=1", "org.b=2"], Values(Render(definition), "--label"));
    }

    [Fact]
    public void Setting_a_label_again_replaces_its_value()
    {
        var definition = Alpine.WithLabel("k", "old").WithLabels([new("k", "new")]);

        Assert.Equal(["k=new"], Values(Render(definition), "--label"));
    }

    [Fact]
    public void The_invocation_label_is_merged_into_the_sorted_labels()
    {
        var definition = Alpine.WithLabel("a", "1").WithLabel("zz", "2");

        var labels = Values(Render(definition, RunMode.Detached, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = "abc" }), "--label");

        Assert.Equal(["a=1", "io.ociman.invocation=abc", "zz=2"], labels);
    }

    [Fact]
    public void The_invocation_label_overrides_a_user_label_with_the_same_key()
    {
        var definition = Alpine.WithLabel(ContainerArguments.InvocationLabel, "user");

        var labels = Values(Render(definition, RunMode.Detached, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = "ours" }), "--label");

        Assert.Equal(["io.ociman.invocation=ours"], labels);
    }

    [Theory]
    [InlineData(nameof(RunMode.Detached))]
    [InlineData(nameof(RunMode.Foreground))]
    [InlineData(nameof(RunMode.Create))]
    public void The_engine_labels_are_added_to_every_run_and_create_sorted_with_the_definition_labels(string modeName)
    {
        var mode = Enum.Parse<RunMode>(modeName);
        var definition = Alpine.WithLabel("a", "1").WithLabel("zz", "2");
        var engineLabels = new Dictionary<string, string> { ["io.ociman.session"] = "s1", ["io.ociman.owner-pid"] = "42" };

        var labels = Values(ContainerArguments.Run(definition.WithDefaultLabels(engineLabels), mode, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = "abc" }), "--label");

        Assert.Equal(["a=1", "io.ociman.invocation=abc", "io.ociman.owner-pid=42", "io.ociman.session=s1", "zz=2"], labels);
    }

    [Fact]
    public void A_definition_label_keeps_its_value_over_an_engine_label_with_the_same_key_and_the_invocation_label_wins_over_both()
    {
        var definition = Alpine.WithLabel("team", "definition").WithLabel(ContainerArguments.InvocationLabel, "user");
        var engineLabels = new Dictionary<string, string> { ["team"] = "engine", [ContainerArguments.InvocationLabel] = "engine" };

        var labels = Values(ContainerArguments.Run(definition.WithDefaultLabels(engineLabels), RunMode.Detached, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = "ours" }), "--label");

        Assert.Equal(["io.ociman.invocation=ours", "team=definition"], labels);
    }

    [Fact]
    public void Publish_specifications_keep_their_insertion_order()
    {
        var definition = Alpine.WithPublish(PublishSpec.Tcp(9000)).WithPublish(PublishSpec.Tcp(80, 8080), PublishSpec.Udp(53));

        Assert.Equal(["9000/tcp", "8080:80/tcp", "53/udp"], Values(Render(definition), "--publish"));
    }

    [Fact]
    public void An_ipv6_host_address_is_bracketed()
    {
        var definition = Alpine.WithPublish(PublishSpec.Tcp(8080, IPAddress.IPv6Loopback));

        Assert.Equal(["[::1]::8080/tcp"], Values(Render(definition), "--publish"));
    }

    [Fact]
    public void A_published_port_without_host_address_binds_to_the_ipv4_loopback()
    {
        Assert.Equal(["127.0.0.1::5432/tcp"], Values(Render(Alpine.WithPublishedPort(5432)), "--publish"));
    }

    [Fact]
    public void Mounts_are_rendered_verbatim_in_insertion_order()
    {
        var definition = Alpine.WithMounts(Mount.Volume("data", "/data")).WithMounts(Mount.Bind("/a b", "/x"));

        Assert.Equal(["type=volume,source=data,target=/data", "type=bind,source=/a b,target=/x"], Values(Render(definition), "--mount"));
    }

    [Fact]
    public void Create_mode_renders_container_create_without_detach()
    {
        var argv = Render(Alpine, RunMode.Create);

        Assert.Equal(["container", "create", "--rm", "alpine:3.20"], argv);
    }

    [Fact]
    public void Foreground_mode_renders_container_run_without_detach()
    {
        var argv = Render(Alpine, RunMode.Foreground);

        Assert.Equal(["container", "run", "--rm", "alpine:3.20"], argv);
    }

    [Fact]
    public void Turning_auto_remove_off_drops_rm()
    {
        Assert.Equal(["container", "run", "--detach", "alpine:3.20"], Render(Alpine.WithAutoRemove(false)));
    }

    [Theory]
    [InlineData(PullPolicy.Always, "always")]
    [InlineData(PullPolicy.Missing, "missing")]
    [InlineData(PullPolicy.Never, "never")]
    public void Each_pull_policy_has_its_engine_spelling(PullPolicy policy, string expected)
    {
        Assert.Equal([expected], Values(Render(Alpine.WithPullPolicy(policy)), "--pull"));
    }

    [Fact]
    public void No_pull_policy_leaves_the_engine_default()
    {
        Assert.DoesNotContain("--pull", Render(Alpine.WithPullPolicy(PullPolicy.Always).WithPullPolicy(null)));
    }

    [Fact]
    public void Tty_and_interactive_can_be_turned_off_again()
    {
        var argv = Render(Alpine.WithTty().WithInteractive().WithTty(false).WithInteractive(false));

        Assert.DoesNotContain("--tty", argv);
        Assert.DoesNotContain("--interactive", argv);
    }

    [Fact]
    public void Disabling_the_health_check_renders_no_healthcheck_and_no_health_options()
    {
        var argv = Render(Alpine.WithHealthCheck(new HealthCheck("true", TimeSpan.FromSeconds(1))).WithoutHealthCheck());

        Assert.Contains("--no-healthcheck", argv);
        Assert.DoesNotContain(argv, a => a.StartsWith("--health-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_health_check_after_disabling_it_enables_it_again()
    {
        var argv = Render(Alpine.WithoutHealthCheck().WithHealthCheck(new HealthCheck("curl -f localhost")));

        Assert.DoesNotContain("--no-healthcheck", argv);
        Assert.Equal(["curl -f localhost"], Values(argv, "--health-cmd"));
        Assert.DoesNotContain("--health-interval", argv);
        Assert.DoesNotContain("--health-retries", argv);
    }

    [Theory]
    [InlineData(2.0, "2")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.25, "1.25")]
    public void Cpu_limits_are_rendered_with_invariant_culture(double cpus, string expected)
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal([expected], Values(Render(Alpine.WithCpuLimit(cpus)), "--cpus"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1000, "1")]
    [InlineData(1001, "2")]
    [InlineData(10_000, "10")]
    public void The_stop_timeout_is_rounded_up_to_whole_seconds(int milliseconds, string expected)
    {
        Assert.Equal([expected], Values(Render(Alpine.WithStopTimeout(TimeSpan.FromMilliseconds(milliseconds))), "--stop-timeout"));
    }

    [Fact]
    public void Arguments_follow_the_image()
    {
        var argv = Render(Alpine.WithArguments("sh", "-c", "echo hi"));

        Assert.Equal(["alpine:3.20", "sh", "-c", "echo hi"], argv[^4..]);
    }

    [Fact]
    public void Calling_with_arguments_twice_appends()
    {
        var definition = Alpine.WithArguments("a", "b").WithArguments("c");

        Assert.Equal(["alpine:3.20", "a", "b", "c"], Render(definition)[^4..]);
    }

    [Fact]
    public void Without_arguments_clears_them_so_the_image_is_last()
    {
        var argv = Render(Alpine.WithArguments("a").WithoutArguments());

        Assert.Equal("alpine:3.20", argv[^1]);
        Assert.Empty(Alpine.WithArguments("x").WithoutArguments().Arguments);
    }

    [Fact]
    public void Arguments_that_look_like_options_stay_after_the_image()
    {
        var argv = Render(Alpine.WithArguments("--rm", "--name"));

        Assert.Equal(["alpine:3.20", "--rm", "--name"], argv[^3..]);
        Assert.Equal(1, argv.Take(argv.Count - 2).Count(a => a == "--rm"));
    }

    [Fact]
    public void The_image_is_rendered_canonically()
    {
        var image = ImageReference.Parse("localhost:5000/team/app:1.0@sha256:" + new string('a', 64));

        Assert.Equal(image.ToString(), Render(ContainerDefinition.For(image))[^1]);
        Assert.Equal("localhost:5000/team/app:1.0@sha256:" + new string('a', 64), Render(ContainerDefinition.For(image))[^1]);
    }

    [Fact]
    public void With_host_gateway_on_docker_adds_the_host_gateway_entry()
    {
        var engine = Engine.CreateForTesting(EngineKind.Docker, new EngineVersion(29, 0));

        Assert.Equal(["host.docker.internal:host-gateway"], Values(Render(engine.WithHostGateway(Alpine)), "--add-host"));
    }

    [Fact]
    public void With_host_gateway_on_podman_adds_nothing()
    {
        var engine = Engine.CreateForTesting(EngineKind.Podman, new EngineVersion(4, 9));

        Assert.DoesNotContain("--add-host", Render(engine.WithHostGateway(Alpine)));
    }

    [Fact]
    public void Definitions_are_immutable()
    {
        var withName = Alpine.WithName("x");

        Assert.Null(Alpine.Name);
        Assert.DoesNotContain("--name", Render(Alpine));
        Assert.Contains("--name", Render(withName));
    }

    internal static List<string> Values(IReadOnlyList<string> argv, string flag)
    {
        var values = new List<string>();
        for (var i = 0; i < argv.Count - 1; i++)
        {
            if (argv[i] == flag)
            {
                values.Add(argv[i + 1]);
                i++;
            }
        }

        return values;
    }

    private static List<string> EnvNames(IReadOnlyList<string> argv) => Values(argv, "--env");
}
