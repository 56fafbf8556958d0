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
        await container.StopAsync();
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
        await container.StopAsync();
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
            await container.StopAsync();
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

    [Fact(Timeout = 60_000)]
    public async Task Running_an_image_that_is_absent_with_pull_never_throws_ImageNotFoundException()
    {
        var definition = fx.Running("true").WithImage(ImageReference.Parse($"ociman-it/absent:{Guid.NewGuid():N}")).WithPullPolicy(PullPolicy.Never);

        await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.RunAsync(definition));
    }
}
