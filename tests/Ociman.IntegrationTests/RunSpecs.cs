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
        await container.DisposeAsync();
        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
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
        Assert.False(await fx.Engine.ContainerExistsAsync(id));
    }
}
