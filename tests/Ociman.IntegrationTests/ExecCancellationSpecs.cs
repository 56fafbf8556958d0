using Ociman.IntegrationTests.Support;
using Ociman.Images;

namespace Ociman.IntegrationTests;

// The engines leave an exec's command running when its client goes away; a cancelled exec must end what it started.
// The container's processes are read from the host's /proc (the engines here are local): a process whose cgroup
// names the container.
[Collection(EngineCollection.Name)]
public sealed class ExecCancellationSpecs(EngineFixture fx)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory(Timeout = 90_000)]
    [InlineData("sleep|300", "sleep 300")]
    [InlineData("sh|-c|sleep 301; echo after", "sleep 301")]
    [InlineData("sh|-c|sleep 302 & sleep 303 & wait", "sleep 302,sleep 303")]
    public async Task Cancelling_an_exec_stops_the_command_and_what_it_started(string command, string processes)
    {
        var words = command.Split('|');
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var left = await CancelWhenRunningAsync(c, c.Exec(words[0], words[1..]), processes.Split(','));

            Assert.Empty(left);
            Assert.Contains("sleep 3600", HostProcesses.OfContainer(c.Id));
        });
    }

    // Cancelled while the engine is still starting the command (the fault campaign saw one of two such execs on Podman
    // keep running): whatever the moment, the command must not survive. 0 ms cancels before the engine is asked; the
    // later rows fall inside the client's start-up, the engine's exec setup, or just after the command started.
    [Theory(Timeout = 90_000)]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(80)]
    [InlineData(150)]
    [InlineData(250)]
    [InlineData(400)]
    [InlineData(600)]
    public async Task An_exec_cancelled_while_it_starts_leaves_no_command_running(int cancelAfterMs)
    {
        var command = "sleep " + (310 + cancelAfterMs % 97);
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(cancelAfterMs));

            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.Exec("sh", "-c", command + "; echo after").ResultAsync(cts.Token));

            Assert.Equal(cts.Token, thrown.CancellationToken);
            // Past the late-start watch (ExecProcesses.SettleTime, 3 s) and a margin, nothing of the exec may run.
            await Task.Delay(ExecProcesses.SettleTime + TimeSpan.FromSeconds(2));
            Assert.DoesNotContain(command, HostProcesses.OfContainer(c.Id));
            Assert.Contains("sleep 3600", HostProcesses.OfContainer(c.Id));
        });
    }

    // The deterministic form of the race above: a process carrying the exec's marker that appears only after the
    // cancellation's stop (as a command the engine was still starting does) is still ended, by the late-start watch.
    [Fact(Timeout = 90_000)]
    public async Task A_marked_process_that_starts_after_the_stop_is_ended_too()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var marker = ExecProcesses.NewMarker();
            await ExecProcesses.StopAsync(c.Engine, c.Id, marker);
            await Task.Delay(300);

            await c.Exec("sh", "-c", $"{ExecProcesses.MarkerVariable}={marker} sleep 398 & exit 0").StatusAsync();

            Assert.True(
                await Eventually.TrueAsync(() => Task.FromResult(!HostProcesses.OfContainer(c.Id).Contains("sleep 398")), ExecProcesses.SettleTime + Bound),
                "The marked process that started after the stop still runs.");
            Assert.Contains("sleep 3600", HostProcesses.OfContainer(c.Id));
        });
    }

    [Fact(Timeout = 90_000)]
    public async Task Cancelling_an_exec_in_a_shell_less_container_stops_the_command()
    {
        var image = await OfflineImages.ShellLessAsync(fx.Engine);
        var definition = ContainerDefinition.For(image).WithLabel(EngineFixture.RunLabel, fx.RunId)
            .WithArguments(OfflineImages.ShellLessProgram, "sleep", "3600");
        await fx.Engine.WithContainerAsync(definition, async c =>
        {
            var left = await CancelWhenRunningAsync(c, c.Exec(OfflineImages.ShellLessProgram, "sleep", "304"), [OfflineImages.ShellLessProgram + " sleep 304"]);

            Assert.Empty(left);
        });
    }

    // The route for engines whose processes are not visible on this host (a remote engine): a second exec kills, from
    // inside the container, the processes whose environment holds the marker, and prints how many.
    [Fact(Timeout = 90_000)]
    public async Task The_in_container_route_kills_exactly_the_marked_processes()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            // Every exec carries a marker of its own; the one of the first exec is read from its processes.
            await c.Exec("sh", "-c", "sleep 305 & sleep 306 & exit 0").StatusAsync();
            await c.Exec("sh", "-c", "sleep 307 & exit 0").StatusAsync();
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(HostProcesses.OfContainer(c.Id).Count(p => p.StartsWith("sleep 30", StringComparison.Ordinal)) == 3), Bound));
            var marker = HostProcesses.EnvironmentOf(c.Id, "sleep 305", ExecProcesses.MarkerVariable);
            Assert.NotNull(marker);
            Assert.Equal(marker, HostProcesses.EnvironmentOf(c.Id, "sleep 306", ExecProcesses.MarkerVariable));
            Assert.NotEqual(marker, HostProcesses.EnvironmentOf(c.Id, "sleep 307", ExecProcesses.MarkerVariable));

            var killed = await c.Exec("sh", "-c", ExecProcesses.InContainerScript(marker)).WithUser("0").StringAsync();

            Assert.Equal("2", killed.Trim());
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(!HostProcesses.OfContainer(c.Id).Any(p => p is "sleep 305" or "sleep 306")), Bound));
            Assert.Contains("sleep 307", HostProcesses.OfContainer(c.Id));
        });
    }

    // Starts the exec, cancels it once every process in `expected` runs in the container, and returns those of them
    // still running after the cancellation surfaced (polling up to a bound that proves they ended).
    private static async Task<IReadOnlyList<string>> CancelWhenRunningAsync(Container c, ExecCommand exec, IReadOnlyList<string> expected)
    {
        using var cts = new CancellationTokenSource();
        var running = exec.ResultAsync(cts.Token);
        var started = await Eventually.TrueAsync(() => Task.FromResult(expected.All(HostProcesses.OfContainer(c.Id).Contains)), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
        Assert.True(started, $"The exec's processes ({string.Join(", ", expected)}) did not show up; the container runs: {string.Join(", ", HostProcesses.OfContainer(c.Id))}");

        await cts.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(cts.Token, thrown.CancellationToken);

        await Eventually.TrueAsync(() => Task.FromResult(!expected.Any(HostProcesses.OfContainer(c.Id).Contains)), Bound);
        return [.. expected.Where(HostProcesses.OfContainer(c.Id).Contains)];
    }
}
