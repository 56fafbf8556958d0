using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class RunSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task I_can_run_a_container_in_the_foreground_and_read_its_output()
    {
        var result = await fx.Engine.RunAsync(fx.Running("echo", "hello from busybox"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello from busybox\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_foreground_run_reports_a_non_zero_exit_code_without_throwing()
    {
        var result = await fx.Engine.RunAsync(fx.Running("sh", "-c", "echo oops >&2; exit 3"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("oops", result.StandardError.Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_run_detached_and_the_container_runs_until_stopped()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        Assert.Matches("^[0-9a-f]{64}$", container.Id);
        Assert.Equal("running", await container.GetStateAsync());
        await container.StopAsync(TimeSpan.Zero);
        Assert.True(await Eventually.GoneAsync(fx.Engine, container.Id), "--rm did not remove the stopped container.");
    }

    [Fact(Timeout = 60_000)]
    public async Task WithContainerAsync_stops_and_removes_the_container_when_the_body_throws()
    {
        string? id = null;
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => fx.Engine.WithContainerAsync(fx.Sleeper(), c =>
        {
            id = c.Id;
            throw new InvalidOperationException("body failed");
        }));

        Assert.Equal("body failed", thrown.Message);
        Assert.NotNull(id);
        Assert.True(await Eventually.GoneAsync(fx.Engine, id), "The container still exists after the scope ended.");
    }

    [Fact(Timeout = 60_000)]
    public async Task An_environment_variable_reaches_the_container()
    {
        var definition = fx.Running("sh", "-c", "echo \"$GREETING\"").WithEnvironment("GREETING", "hello, world");

        var result = await fx.Engine.RunAsync(definition);

        Assert.Equal("hello, world\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_container_starts_in_the_working_directory_I_give()
    {
        // An existing directory: Docker creates a missing working directory, Podman 4 refuses to start (exit code 126).
        var result = await fx.Engine.RunAsync(fx.Running("pwd").WithWorkingDirectory("/bin"));

        Assert.Equal("/bin\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_foreground_run_returns_exit_code_0_for_a_command_that_succeeds()
    {
        var result = await fx.Engine.RunAsync(fx.Running("true"));

        Assert.Equal(0, result.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_foreground_run_returns_exit_code_1_for_a_command_that_fails()
    {
        var result = await fx.Engine.RunAsync(fx.Running("false"));

        Assert.Equal(1, result.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_container_runs_as_the_user_and_group_I_give()
    {
        var result = await fx.Engine.RunAsync(fx.Running("sh", "-c", "id -u; id -g").WithUser("1234:5678"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1234\n5678\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_override_the_entrypoint()
    {
        var definition = fx.Running("from", "the", "entrypoint").WithEntrypoint("echo");

        var result = await fx.Engine.RunAsync(definition);

        Assert.Equal("from the entrypoint\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_container_has_the_hostname_I_give()
    {
        var result = await fx.Engine.RunAsync(fx.Running("hostname").WithHostname("ociman-host"));

        Assert.Equal("ociman-host\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task Memory_and_cpu_limits_are_applied_to_the_container()
    {
        var definition = fx.Sleeper().WithMemoryLimit(64L * 1024 * 1024).WithCpuLimit(0.5);

        await using var container = await fx.Engine.RunDetachedAsync(definition);
        var hostConfig = (await container.InspectAsync()).Raw.GetProperty("HostConfig");

        Assert.Equal(64L * 1024 * 1024, hostConfig.GetProperty("Memory").GetInt64());
        Assert.Equal(500_000_000L, hostConfig.GetProperty("NanoCpus").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_file_copied_in_is_there_when_the_container_starts()
    {
        var hostFile = Path.Combine(Path.GetTempPath(), $"ociman-it-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(hostFile, "copied before start\n");
        try
        {
            var definition = fx.Running("cat", "/copied-in.txt").WithCopyIn(hostFile, "/copied-in.txt");

            var result = await fx.Engine.RunAsync(definition);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("copied before start\n", result.StandardOutput);
        }
        finally
        {
            File.Delete(hostFile);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_file_copied_in_is_there_when_a_detached_container_starts()
    {
        var hostFile = Path.Combine(Path.GetTempPath(), $"ociman-it-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(hostFile, "detached copy\n");
        try
        {
            await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithCopyIn(hostFile, "/copied-in.txt"));

            var content = await container.Exec("cat", "/copied-in.txt").StringAsync();

            Assert.Equal("detached copy\n", content);
        }
        finally
        {
            File.Delete(hostFile);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_container_started_with_the_host_gateway_knows_the_host_name()
    {
        var definition = fx.Engine.WithHostGateway(fx.Running("cat", "/etc/hosts"));

        var result = await fx.Engine.RunAsync(definition);

        Assert.Contains(fx.Engine.HostGatewayName, result.StandardOutput, StringComparison.Ordinal);
    }

    // No registry answers here: an absent image can never be pulled, whatever the policy and however it is named.
    [Theory(Timeout = 60_000)]
    [InlineData(null, "ociman-it/absent")]
    [InlineData(PullPolicy.Missing, "ociman-it/absent")]
    [InlineData(PullPolicy.Always, "ociman-it/absent")]
    [InlineData(PullPolicy.Never, "ociman-it/absent")]
    [InlineData(null, "docker.io/ociman-it/absent")]
    [InlineData(PullPolicy.Always, "127.0.0.1:5000/ociman-it/absent")]
    public async Task Running_an_image_that_is_absent_throws_ImageNotFoundException_for_every_pull_policy(PullPolicy? policy, string repository)
    {
        var image = ImageReference.Parse($"{repository}:{Guid.NewGuid():N}");
        var definition = fx.Running("true").WithImage(image).WithPullPolicy(policy);

        var foreground = await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.RunAsync(definition));
        var detached = await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.RunDetachedAsync(definition.WithArguments(EngineFixture.SleepCommand)));

        Assert.Equal(image.ToString(), foreground.Image);
        Assert.Equal(image.ToString(), detached.Image);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_working_directory_is_created_by_Docker_and_a_typed_error_on_Podman()
    {
        var definition = fx.Running("pwd").WithWorkingDirectory("/no/such/dir");

        // Podman's Docker-compatible service creates the directory as Docker does; only its own CLI refuses.
        if (fx.Engine.Kind == EngineKind.Docker || fx.Engine.Transport == EngineTransport.Api)
        {
            Assert.Equal("/no/such/dir\n", (await fx.Engine.RunAsync(definition)).StandardOutput);
        }
        else
        {
            var thrown = await Assert.ThrowsAsync<WorkingDirectoryNotFoundException>(() => fx.Engine.RunAsync(definition));
            var detached = await Assert.ThrowsAsync<WorkingDirectoryNotFoundException>(() => fx.Engine.RunDetachedAsync(definition.WithArguments(EngineFixture.SleepCommand)));
            Assert.Equal("/no/such/dir", thrown.WorkingDirectory);
            Assert.Contains("'/no/such/dir'", detached.Message, StringComparison.Ordinal);
        }
    }
}

[Collection(EngineCollection.Name)]
public sealed class ReservedEnvironmentSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task Variables_the_cli_reads_itself_reach_the_container_without_reconfiguring_the_cli()
    {
        var result = await fx.Engine.RunAsync(fx.Running("sh", "-c", "echo \"$HOME|$PATH|$DOCKER_HOST|$GREETING\"")
            .WithEnvironment("HOME", "/data/home")
            .WithEnvironment("PATH", "/bin:/custom")
            .WithEnvironment("DOCKER_HOST", "tcp://not-used:1")
            .WithEnvironment("GREETING", "hi"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/data/home|/bin:/custom|tcp://not-used:1|hi\n", result.StandardOutput);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_exec_can_set_reserved_variables_too()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var seen = await container.Exec("sh", "-c", "echo \"$HOME|$XDG_RUNTIME_DIR\"")
            .WithEnvironment("HOME", "/root2")
            .WithEnvironment("XDG_RUNTIME_DIR", "/run/x")
            .StringAsync();

        Assert.Equal("/root2|/run/x\n", seen);
    }
}
