using System.Text;
using Ociman.Transport.Api;

// The client's models mark nested objects nullable; the engine always sends the ones asserted on.
#pragma warning disable CS8602

namespace Ociman.IntegrationTests.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiClientSpecs(ApiFixture fx)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ApiClient Client => fx.Client;

    [Fact(Timeout = 60_000)]
    public async Task The_version_spoken_is_negotiated_from_the_engines_and_the_engine_is_recognised()
    {
        var connection = Client.Connection;
        await Client.ListContainersAsync([new(EngineFixture.RunLabel, fx.RunId)], None); // a versioned path the engine accepts

        Assert.True(connection.ApiVersion >= ApiVersionNegotiation.Minimum);
        Assert.True(connection.ApiVersion <= ApiVersionNegotiation.Maximum);
        Assert.Equal(Environment.GetEnvironmentVariable("OCIMAN_API_ENDPOINT") is { Length: > 0 } ? connection.Kind : fx.Engine.Kind, connection.Kind);
        Assert.Equal(connection.Kind == EngineKind.Podman ? new Version(1, 41) : connection.ApiVersion, connection.ApiVersion);
        Assert.NotEmpty(connection.EngineVersion);
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_writes_standard_input_while_reading_output()
    {
        var id = await fx.StartAsync(fx.Sleeper());
        try
        {
            var input = Encoding.ASCII.GetBytes(new string('x', 1 << 20) + "\nend\n"); // more than any pipe buffer

            var result = await Client.ExecAsync(id, new ApiExecRequest(["cat"], new Dictionary<string, string>(), Input: (ReadOnlyMemory<byte>)input), None);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(input, result.StandardOutput.ToArray());
            Assert.Equal(string.Empty, result.StandardError);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_returns_when_the_command_exits_without_reading_its_input()
    {
        var id = await fx.StartAsync(fx.Sleeper());
        try
        {
            using var input = new MemoryStream(new byte[8 << 20]);

            var result = await Client.ExecAsync(id, new ApiExecRequest(["sh", "-c", "echo gone; exit 7"], new Dictionary<string, string>(), Input: input), None);

            Assert.Equal(7, result.ExitCode);
            if (Client.Connection.Kind == EngineKind.Docker)
            {
                // Podman 4.3's service resets the connection when the command exits with input unread, and what the
                // command wrote is lost with it (a known difference of the API transport on Podman).
                Assert.Equal("gone\n", Encoding.UTF8.GetString(result.StandardOutput.Span));
            }
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_separates_output_and_error_and_passes_environment_user_and_directory()
    {
        var id = await fx.StartAsync(fx.Sleeper());
        try
        {
            var request = new ApiExecRequest(
                ["sh", "-c", "echo \"$SECRET $(id -u) $(pwd)\"; echo oops >&2; exit 3"],
                new Dictionary<string, string> { ["SECRET"] = "s3cret value" },
                User: "1234",
                WorkingDirectory: "/bin");

            var result = await Client.ExecAsync(id, request, None);

            Assert.Equal(3, result.ExitCode);
            Assert.Equal("s3cret value 1234 /bin\n", Encoding.UTF8.GetString(result.StandardOutput.Span));
            Assert.Equal("oops\n", result.StandardError);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_in_a_missing_container_is_a_container_not_found()
    {
        var ex = await Assert.ThrowsAsync<ContainerNotFoundException>(
            () => Client.ExecAsync("ociman-no-such-container", new ApiExecRequest(["true"], new Dictionary<string, string>()), None));

        Assert.Equal("ociman-no-such-container", ex.Container);
        Assert.Equal(404, Assert.IsType<EngineApiException>(ex.InnerException).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_create_body_reaches_the_engine_field_by_field()
    {
        var name = EngineFixture.UniqueName("ociman-api");
        var definition = fx.Sleeper()
            .WithName(name)
            .WithAutoRemove(false)
            .WithEnvironment("GREETING", "hello there")
            .WithLabel("team", "api")
            .WithPublishedPort(8080)
            .WithMounts(Mount.Tmpfs("/scratch"))
            .WithHostname("apibox")
            .WithUser("1234")
            .WithWorkingDirectory("/tmp")
            .WithMemoryLimit(64L * 1024 * 1024)
            .WithCpuLimit(0.5)
            .WithStopSignal("SIGINT")
            .WithStopTimeout(TimeSpan.FromSeconds(7))
            .WithHealthCheck(new HealthCheck("true", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 2));
        var id = await fx.StartAsync(definition);
        try
        {
            var inspected = await Client.InspectContainerAsync(name, None);
            var output = await Client.ExecAsync(id, new ApiExecRequest(["sh", "-c", "echo $GREETING; hostname; id -u; pwd; grep -c ' /scratch tmpfs' /proc/mounts"], new Dictionary<string, string>()), None);

            Assert.Equal(id, inspected.ID);
            Assert.Equal("hello there\napibox\n1234\n/tmp\n1\n", Encoding.UTF8.GetString(output.StandardOutput.Span));
            Assert.Equal("api", inspected.Config.Labels["team"]);
            Assert.Equal(fx.RunId, inspected.Config.Labels[EngineFixture.RunLabel]);
            Assert.Equal(Client.Connection.Kind == EngineKind.Podman ? "2" : "SIGINT", inspected.Config.StopSignal); // Podman's inspect gives the number
            Assert.Equal(TimeSpan.FromSeconds(7), inspected.Config.StopTimeout);
            Assert.Equal(["CMD-SHELL", "true"], inspected.Config.Healthcheck.Test);
            Assert.Equal(TimeSpan.FromSeconds(30), inspected.Config.Healthcheck.Interval);
            Assert.Equal(64L * 1024 * 1024, inspected.HostConfig.Memory);
            Assert.Equal(500_000_000, inspected.HostConfig.NanoCPUs);
            Assert.False(inspected.HostConfig.AutoRemove);
            var binding = Assert.Single(inspected.NetworkSettings.Ports["8080/tcp"]);
            Assert.Equal("127.0.0.1", binding.HostIP);
            Assert.True(int.Parse(binding.HostPort, System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_taken_name_and_a_missing_image_are_typed()
    {
        var name = EngineFixture.UniqueName("ociman-api");
        var id = await fx.StartAsync(fx.Sleeper().WithName(name));
        try
        {
            var taken = await Assert.ThrowsAsync<ContainerNameInUseException>(() => Client.CreateContainerAsync(ContainerCreateRequest.Build(fx.Sleeper().WithName(name)), None));
            var missing = await Assert.ThrowsAsync<ImageNotFoundException>(() => Client.CreateContainerAsync(ContainerCreateRequest.Build(ContainerDefinition.For("ociman-test/absent:never")), None));

            Assert.Equal(name, taken.Name);
            Assert.Equal("ociman-test/absent:never", missing.Image);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Logs_are_read_as_a_snapshot_and_followed_until_the_container_stops()
    {
        var definition = ContainerDefinition.For(fx.BusyBox).WithLabel(EngineFixture.RunLabel, fx.RunId).WithAutoRemove(false)
            .WithArguments("sh", "-c", "echo one; echo two >&2; read line; echo three");
        var id = await fx.StartAsync(definition.WithInteractive());
        try
        {
            var lines = new List<ContainerLogLine>();
            var follow = Task.Run(async () =>
            {
                await foreach (var line in Client.FollowLogsAsync(id, None))
                {
                    lines.Add(line);
                }
            });
            await Client.KillContainerAsync(id, "SIGKILL", None);
            await follow;
            var snapshot = await Client.LogsAsync(id, None);

            Assert.Equal("one\n", snapshot.StandardOutput);
            Assert.Equal("two\n", snapshot.StandardError);
            Assert.Contains(new ContainerLogLine(LogSource.StandardOutput, "one"), lines);
            Assert.Contains(new ContainerLogLine(LogSource.StandardError, "two"), lines);
            Assert.Equal(137, await Client.WaitContainerAsync(id, None));
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stop_with_a_grace_period_ends_a_main_process_that_ignores_sigterm()
    {
        var id = await fx.StartAsync(fx.Sleeper().WithAutoRemove(false));
        try
        {
            await Client.StopContainerAsync(id, TimeSpan.FromSeconds(1), None);
            var inspected = await Client.InspectContainerAsync(id, None);

            Assert.False(inspected.State.Running);
            Assert.Equal(137, await Client.WaitContainerAsync(id, None));
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_cancelled_wait_surfaces_the_callers_token_and_leaves_the_container_running()
    {
        var id = await fx.StartAsync(fx.Sleeper());
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.WaitContainerAsync(id, cts.Token));

            Assert.Equal(cts.Token, ex.CancellationToken);
            Assert.True((await Client.InspectContainerAsync(id, None)).State.Running);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Files_are_copied_in_and_out_as_docker_cp_does()
    {
        var host = Directory.CreateTempSubdirectory("ociman-api-cp-").FullName;
        var id = await fx.StartAsync(fx.Sleeper());
        try
        {
            var tree = Path.Combine(host, "tree");
            Directory.CreateDirectory(Path.Combine(tree, "sub"));
            await File.WriteAllTextAsync(Path.Combine(tree, "sub", "a.txt"), "alpha");
            await File.WriteAllTextAsync(Path.Combine(host, "single.txt"), "single");

            await Client.CopyToContainerAsync(id, tree, "/", None);                                  // into an existing directory
            await Client.CopyToContainerAsync(id, Path.Combine(host, "single.txt"), "/renamed.txt", None); // as a new name
            var inside = await Client.ExecAsync(id, new ApiExecRequest(["sh", "-c", "cat /tree/sub/a.txt /renamed.txt"], new Dictionary<string, string>()), None);
            await Client.CopyFromContainerAsync(id, "/tree", Path.Combine(host, "back"), None); // as a new name
            await Client.CopyFromContainerAsync(id, "/renamed.txt", host, None);               // into an existing directory

            Assert.Equal("alphasingle", Encoding.UTF8.GetString(inside.StandardOutput.Span));
            Assert.Equal("alpha", await File.ReadAllTextAsync(Path.Combine(host, "back", "sub", "a.txt")));
            Assert.Equal("single", await File.ReadAllTextAsync(Path.Combine(host, "renamed.txt")));
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
            Directory.Delete(host, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Containers_are_listed_by_label_and_a_forced_removal_of_a_gone_one_succeeds()
    {
        var marker = Guid.NewGuid().ToString("N");
        var id = await fx.StartAsync(fx.Sleeper().WithLabel("io.ociman.api-test", marker));

        var listed = await Client.ListContainersAsync([new("io.ociman.api-test", marker), new(EngineFixture.RunLabel, null)], None);
        await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
        var after = await Client.ListContainersAsync([new("io.ociman.api-test", marker)], None);

        var summary = Assert.Single(listed);
        Assert.Equal(id, summary.Id);
        Assert.Equal("running", summary.State);
        Assert.Equal(marker, summary.Labels["io.ociman.api-test"]);
        Assert.Empty(after);
        Assert.False(await Client.ContainerExistsAsync(id, None));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_container_is_committed_as_an_image()
    {
        var id = await fx.StartAsync(fx.Sleeper());
        var image = ImageReference.Parse($"ociman-api-test/commit:{Guid.NewGuid():N}");
        try
        {
            await Client.ExecAsync(id, new ApiExecRequest(["sh", "-c", "echo seeded > /seed"], new Dictionary<string, string>()), None);

            var imageId = await Client.CommitContainerAsync(id, image, new CommitOptions { Changes = ["LABEL committed=yes"] }, None);
            var fromImage = await fx.StartAsync(ContainerDefinition.For(image).WithLabel(EngineFixture.RunLabel, fx.RunId).WithArguments(EngineFixture.SleepCommand));
            var seed = await Client.ExecAsync(fromImage, new ApiExecRequest(["cat", "/seed"], new Dictionary<string, string>()), None);
            var inspected = await Client.InspectContainerAsync(fromImage, None);
            await Client.RemoveContainerAsync(fromImage, force: true, removeVolumes: true, None);

            Assert.NotEmpty(imageId);
            Assert.Equal("seeded\n", Encoding.UTF8.GetString(seed.StandardOutput.Span));
            Assert.Equal("yes", inspected.Config.Labels["committed"]);
        }
        finally
        {
            await Client.RemoveContainerAsync(id, force: true, removeVolumes: true, None);
            await fx.Client.Connection.Client.Images.DeleteImageAsync(image.ToString(), new Docker.DotNet.Models.ImageDeleteParameters { Force = true }, None);
        }
    }
}
