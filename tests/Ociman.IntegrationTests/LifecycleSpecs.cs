using System.Diagnostics;
using Ociman.IntegrationTests.Support;
using Ociman.Transport;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class LifecycleSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task Stop_with_a_grace_period_kills_a_container_that_ignores_the_stop_signal_when_the_period_ends()
    {
        // As PID 1, sleep has no handler for SIGTERM: only the kill after the grace period ends it.
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running("sleep", "60").WithAutoRemove(false));
        var stopwatch = Stopwatch.StartNew();

        await container.StopAsync(TimeSpan.FromSeconds(1));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.Equal("exited", await container.GetStateAsync());
        Assert.Equal(137, await container.GetExitCodeAsync());
        await container.RemoveAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Stop_lets_a_container_that_handles_the_stop_signal_exit_cleanly()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.TermHandler().WithAutoRemove(false));

        await container.StopAsync();

        Assert.Equal("exited", await container.GetStateAsync());
        Assert.Equal(0, await container.GetExitCodeAsync());
        await container.RemoveAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Kill_ends_the_container_with_SIGKILL()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithAutoRemove(false));

        await container.KillAsync();

        Assert.Equal(137, await container.WaitAsync());
        Assert.Equal("exited", await container.GetStateAsync());
        await container.RemoveAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Kill_can_send_another_signal()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.TermHandler().WithAutoRemove(false));

        await container.KillAsync("SIGTERM");

        Assert.Equal(0, await container.WaitAsync());
        await container.RemoveAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task WaitAsync_returns_the_exit_code_of_the_container()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running("sh", "-c", "sleep 0.5; exit 42"));

        Assert.Equal(42, await container.WaitAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task WaitAsync_returns_the_exit_code_of_a_container_the_engine_removed_before_the_wait()
    {
        var logs = new ListLoggerFactory();
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = logs });
        await using var container = await engine.RunDetachedAsync(fx.Running("sh", "-c", "exit 42"));
        var gone = Stopwatch.StartNew();
        while (await engine.ContainerExistsAsync(container.Id))
        {
            Assert.True(gone.Elapsed < TimeSpan.FromSeconds(30), "the engine did not auto-remove the exited container within 30 s");
            await Task.Delay(50);
        }

        Assert.Equal(fx.Engine.Transport, engine.Transport);
        Assert.Equal(42, await container.WaitAsync());
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1209 && e.Message.Contains(container.Id, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_exit_event_search_for_a_container_never_run_ends_at_its_bound_and_leaves_no_process()
    {
        var neverRun = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var clock = Stopwatch.StartNew();

        var found = await fx.Engine.Operations.ExitCodeFromEventsAsync(neverRun, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Null(found);
        Assert.InRange(clock.Elapsed, ExitEvents.LookupBound - TimeSpan.FromSeconds(1), ExitEvents.LookupBound + TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc").Select(CommandLineOf), line => line.Contains(neverRun, StringComparison.Ordinal));
    }

    private static string CommandLineOf(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task WaitAsync_returns_the_exit_code_of_an_exited_container_that_is_kept()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running("sh", "-c", "exit 7").WithAutoRemove(false));

        Assert.Equal(7, await container.WaitAsync());
        Assert.Equal(7, await container.WaitAsync());
        Assert.Equal("exited", await container.GetStateAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task WaitAsync_on_a_container_found_by_id_and_removed_since_says_it_does_not_exist()
    {
        await using var started = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        var found = await fx.Engine.GetContainerAsync(started.Id);
        await started.RemoveAsync(force: true);

        var thrown = await Assert.ThrowsAsync<ContainerNotFoundException>(() => found.WaitAsync());

        Assert.Equal(started.Id, thrown.Container);
        Assert.Equal("container wait", thrown.Operation);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stopped_container_can_be_removed_and_no_longer_exists()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithAutoRemove(false));
        var existedBefore = await fx.Engine.ContainerExistsAsync(container.Id);
        await container.StopAsync(TimeSpan.Zero);

        await container.RemoveAsync();

        Assert.True(existedBefore);
        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task Removing_a_running_container_without_force_fails_and_leaves_it_running()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var thrown = await Assert.ThrowsAnyAsync<EngineOperationException>(() => container.RemoveAsync());

        Assert.IsNotType<ContainerNotFoundException>(thrown);
        Assert.Equal("container rm", thrown.Operation);
        Assert.Equal(fx.Engine.Kind, thrown.Engine);
        Assert.NotEmpty(thrown.Reason);
        Assert.Equal("running", await container.GetStateAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Removing_a_running_container_with_force_removes_it()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        await container.RemoveAsync(force: true);

        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_prefix_of_an_id_does_not_count_as_an_existing_container()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        Assert.True(await fx.Engine.ContainerExistsAsync(container.Id));
        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id[..12]));
    }

    [Fact(Timeout = 60_000)]
    public async Task Operations_on_a_removed_container_throw_ContainerNotFoundException()
    {
        var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        await container.RemoveAsync(force: true);

        var inspect = await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.InspectAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.StopAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.KillAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.GetLogsAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.WaitAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.RemoveAsync());
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => fx.Engine.GetContainerAsync(container.Id));

        Assert.Equal(container.Id, inspect.Container);
    }

    [Fact(Timeout = 60_000)]
    public async Task Exec_in_a_removed_container_throws_ContainerNotFoundException()
    {
        var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        await container.RemoveAsync(force: true);

        await Assert.ThrowsAsync<ContainerNotFoundException>(() => container.Exec("true").ResultAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Disposing_never_throws_even_when_the_container_is_already_gone()
    {
        var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        await container.KillAsync();
        Assert.True(await Eventually.GoneAsync(fx.Engine, container.Id));

        await container.DisposeAsync();
        await container.DisposeAsync();

        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task Disposing_removes_a_running_container()
    {
        var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        await container.DisposeAsync();

        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
    }
}
