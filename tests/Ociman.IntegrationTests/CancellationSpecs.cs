using System.Diagnostics;
using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class CancellationSpecs(EngineFixture fx)
{
    // Cancellation is requested a few milliseconds after a given engine command has started (seen through the Debug
    // "Running …" event), so it always lands while that command is in flight, however fast or loaded the machine is.
    [Theory(Timeout = 60_000)]
    [InlineData("container run", 0, false)]
    [InlineData("container run", 30, false)]
    [InlineData("container run", 80, false)]
    [InlineData("container run", 200, false)]
    [InlineData("container create", 20, true)]
    [InlineData("container cp", 0, true)]
    [InlineData("container start", 0, true)]
    public async Task Cancelling_a_detached_run_mid_flight_leaves_no_container_and_no_engine_process(string command, int delayMilliseconds, bool withCopyIn)
    {
        var mark = Guid.NewGuid().ToString("N");
        var definition = fx.Sleeper().WithLabel("io.ociman.it.cancel", mark);
        if (withCopyIn)
        {
            // Create, copy, start: three engine calls, so cancellation can land in each of them.
            definition = definition.WithCopyIn(typeof(CancellationSpecs).Assembly.Location, "/copied.dll");
        }

        using var cts = new CancellationTokenSource();
        var logs = new ListLoggerFactory();
        logs.Logged += e =>
        {
            if (e.EventId.Id == 1000 && e.Message.Contains(" " + command + " ", StringComparison.Ordinal))
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(delayMilliseconds));
            }
        };
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = logs });

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunDetachedAsync(definition, cts.Token));

        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Empty(await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)]));
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_detached_run_with_a_cancelled_token_throws_at_once_and_starts_nothing()
    {
        var mark = Guid.NewGuid().ToString("N");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => fx.Engine.RunDetachedAsync(fx.Sleeper().WithLabel("io.ociman.it.cancel", mark), cts.Token));

        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Empty(await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)]));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancelling_a_foreground_run_kills_the_engine_process_and_removes_the_container()
    {
        var mark = Guid.NewGuid().ToString("N");
        using var cts = new CancellationTokenSource();
        var run = fx.Engine.RunAsync(fx.Running("sleep", "60").WithLabel("io.ociman.it.cancel", mark), cts.Token);
        var started = await Eventually.TrueAsync(async () =>
            (await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)])).Any(c => c.State == "running"));
        var stopwatch = Stopwatch.StartNew();

        await cts.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(started, "The container never ran.");
        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Empty(await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)]));
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancelling_an_exec_returns_quickly_and_leaves_no_engine_process()
    {
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var stopwatch = Stopwatch.StartNew();

            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.Exec("sleep", "30").ResultAsync(cts.Token));

            Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Equal(cts.Token, thrown.CancellationToken);
            Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task WithContainerAsync_stops_the_container_when_the_body_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        string? id = null;

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fx.Engine.WithContainerAsync(
            fx.Sleeper(),
            async c =>
            {
                id = c.Id;
                await cts.CancelAsync();
                await Task.Delay(Timeout.Infinite, cts.Token);
            },
            cts.Token));

        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.NotNull(id);
        Assert.True(await Eventually.GoneAsync(fx.Engine, id), "The container still exists after the scope ended.");
    }

    [Fact(Timeout = 60_000)]
    public async Task WithContainerAsync_removes_a_container_without_auto_remove_when_the_body_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        string? id = null;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fx.Engine.WithContainerAsync(
            fx.Sleeper().WithAutoRemove(false),
            async c =>
            {
                id = c.Id;
                await cts.CancelAsync();
                cts.Token.ThrowIfCancellationRequested();
            },
            cts.Token));

        Assert.NotNull(id);
        Assert.False(await fx.Engine.ContainerExistsAsync(id));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancelling_a_wait_returns_and_leaves_the_container_running()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => container.WaitAsync(cts.Token));

        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Equal("running", await container.GetStateAsync());
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
        await container.StopAsync();
    }
}
