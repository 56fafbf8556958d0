using System.Net;
using Ociman.Transport.Api;

// The client's models mark nested objects nullable; the builder under test always sets the ones asserted on.
#pragma warning disable CS8602, CS8604

namespace Ociman.Tests.Transport.Api;

public class ContainerCreateRequestSpecs
{
    private static readonly ContainerDefinition Busybox = ContainerDefinition.For("busybox:1.36");

    [Fact]
    public void A_bare_definition_sets_the_image_auto_removal_and_nothing_the_engine_should_default()
    {
        var body = ContainerCreateRequest.Build(Busybox);

        Assert.Equal("busybox:1.36", body.Image);
        Assert.True(body.HostConfig.AutoRemove);
        Assert.Null(body.Name);
        Assert.Null(body.Cmd);
        Assert.Null(body.Entrypoint);
        Assert.Null(body.Healthcheck);
        Assert.Null(body.StopTimeout);
        Assert.Null(body.ExposedPorts);
        Assert.Null(body.HostConfig.PortBindings);
        Assert.Null(body.HostConfig.Mounts);
        Assert.Null(body.HostConfig.Init);
        Assert.Null(body.NetworkingConfig);
        Assert.Equal(0, body.HostConfig.Memory);
        Assert.Equal(0, body.HostConfig.NanoCPUs);
        Assert.Empty(body.Env);
        Assert.False(body.AttachStdout);
    }

    [Fact]
    public void Every_run_option_lands_in_its_field()
    {
        var d = Busybox
            .WithName("web-1")
            .WithAutoRemove(false)
            .WithTty()
            .WithInteractive()
            .WithEntrypoint("/bin/sh")
            .WithArguments("-c", "sleep 1")
            .WithUser("1000:1000")
            .WithWorkingDirectory("/work")
            .WithHostname("box")
            .WithInit()
            .WithMemoryLimit(64L * 1024 * 1024)
            .WithCpuLimit(0.5)
            .WithStopSignal("SIGINT")
            .WithStopTimeout(TimeSpan.FromMilliseconds(2500))
            .WithSecurityOptions("no-new-privileges")
            .WithExtraHost("host.docker.internal", "host-gateway")
            .WithNetwork("testnet")
            .WithNetworkAliases("db", "database");

        var body = ContainerCreateRequest.Build(d);

        Assert.Equal("web-1", body.Name);
        Assert.False(body.HostConfig.AutoRemove);
        Assert.True(body.Tty);
        Assert.True(body.OpenStdin);
        Assert.Equal(["/bin/sh"], body.Entrypoint);
        Assert.Equal(["-c", "sleep 1"], body.Cmd);
        Assert.Equal("1000:1000", body.User);
        Assert.Equal("/work", body.WorkingDir);
        Assert.Equal("box", body.Hostname);
        Assert.True(body.HostConfig.Init);
        Assert.Equal(64L * 1024 * 1024, body.HostConfig.Memory);
        Assert.Equal(500_000_000, body.HostConfig.NanoCPUs);
        Assert.Equal("SIGINT", body.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(3), body.StopTimeout); // whole seconds, rounded up, as the CLI's --stop-timeout
        Assert.Equal(["no-new-privileges"], body.HostConfig.SecurityOpt);
        Assert.Equal(["host.docker.internal:host-gateway"], body.HostConfig.ExtraHosts);
        Assert.Equal("testnet", body.HostConfig.NetworkMode);
        Assert.Equal(["db", "database"], body.NetworkingConfig.EndpointsConfig["testnet"].Aliases);
    }

    [Fact]
    public void A_foreground_run_attaches_standard_output_and_error_and_input_only_when_interactive()
    {
        var plain = ContainerCreateRequest.Build(Busybox, attach: true);
        var interactive = ContainerCreateRequest.Build(Busybox.WithInteractive(), attach: true);

        Assert.True(plain.AttachStdout);
        Assert.True(plain.AttachStderr);
        Assert.False(plain.AttachStdin);
        Assert.True(interactive.AttachStdin);
    }

    [Fact]
    public void Environment_values_travel_only_in_the_body()
    {
        var body = ContainerCreateRequest.Build(Busybox.WithEnvironment("PASSWORD", "hunter2").WithEnvironment("A", "x=y"));

        Assert.Equal(["A=x=y", "PASSWORD=hunter2"], body.Env);
        Assert.DoesNotContain("hunter2", body.Name ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void The_definitions_labels_win_over_the_engines_and_the_calls_own_win_over_both()
    {
        var d = Busybox.WithLabel("team", "mine").WithLabel("io.ociman.invocation", "forged");

        var body = ContainerCreateRequest.Build(
            d,
            extraLabels: new Dictionary<string, string> { ["io.ociman.invocation"] = "abc" },
            engineLabels: new Dictionary<string, string> { ["team"] = "engine", ["session"] = "s1" });

        Assert.Equal("mine", body.Labels["team"]);
        Assert.Equal("s1", body.Labels["session"]);
        Assert.Equal("abc", body.Labels["io.ociman.invocation"]);
        Assert.Equal(3, body.Labels.Count);
    }

    [Fact]
    public void Published_ports_are_exposed_and_bound_with_an_empty_host_port_for_the_engine_to_pick()
    {
        var d = Busybox
            .WithPublishedPort(8080)
            .WithPublish(PublishSpec.Tcp(8080, IPAddress.IPv6Loopback, 18080), PublishSpec.Udp(53, 5353), PublishSpec.Tcp(9000));

        var body = ContainerCreateRequest.Build(d);

        Assert.Equal(["53/udp", "8080/tcp", "9000/tcp"], body.ExposedPorts.Keys.Order(StringComparer.Ordinal));
        var web = body.HostConfig.PortBindings["8080/tcp"];
        Assert.Equal(2, web.Count);
        Assert.Equal(("127.0.0.1", string.Empty), (web[0].HostIP, web[0].HostPort));
        Assert.Equal(("::1", "18080"), (web[1].HostIP, web[1].HostPort)); // no brackets in the API
        Assert.Equal((string.Empty, "5353"), (body.HostConfig.PortBindings["53/udp"][0].HostIP, body.HostConfig.PortBindings["53/udp"][0].HostPort));
        Assert.Equal((string.Empty, string.Empty), (body.HostConfig.PortBindings["9000/tcp"][0].HostIP, body.HostConfig.PortBindings["9000/tcp"][0].HostPort));
    }

    [Fact]
    public void Mounts_keep_their_type_source_target_and_read_only_flag()
    {
        var d = Busybox.WithMounts(Mount.Bind("/srv/data", "/data", readOnly: true), Mount.Volume("cache", "/cache"), Mount.Tmpfs("/tmp"));

        var mounts = ContainerCreateRequest.Build(d).HostConfig.Mounts;

        Assert.Equal(3, mounts.Count);
        Assert.Equal(("bind", "/srv/data", "/data", (bool?)true), (mounts[0].Type, mounts[0].Source, mounts[0].Target, mounts[0].ReadOnly));
        Assert.Equal(("volume", "cache", "/cache", (bool?)null), (mounts[1].Type, mounts[1].Source, mounts[1].Target, mounts[1].ReadOnly));
        Assert.Equal(("tmpfs", (string?)null, "/tmp"), (mounts[2].Type, mounts[2].Source, mounts[2].Target));
    }

    [Fact]
    public void A_health_check_runs_through_the_shell_with_its_periods()
    {
        var d = Busybox.WithHealthCheck(new HealthCheck("wget -q -O- localhost:80", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 3, TimeSpan.FromMilliseconds(500)));

        var check = ContainerCreateRequest.Build(d).Healthcheck;

        Assert.Equal(["CMD-SHELL", "wget -q -O- localhost:80"], check.Test);
        Assert.Equal(TimeSpan.FromSeconds(1), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), check.Timeout);
        Assert.Equal(3, check.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), check.StartPeriod);
    }

    [Fact]
    public void A_disabled_health_check_is_the_none_test()
    {
        Assert.Equal(["NONE"], ContainerCreateRequest.Build(Busybox.WithoutHealthCheck()).Healthcheck.Test);
    }

    [Fact]
    public void Network_aliases_without_a_network_are_not_sent()
    {
        Assert.Null(ContainerCreateRequest.Build(Busybox.WithNetworkAliases("db")).NetworkingConfig);
    }
}
