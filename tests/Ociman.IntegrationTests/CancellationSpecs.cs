using System.Diagnostics;
using Ociman.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class CancellationSpecs(EngineFixture fx, ITestOutputHelper output)
{
    // Cancellation is requested a few milliseconds after a given engine command has started (seen through the Debug
    // "Running …" event), so it always lands while that command is in flight, however fast or loaded the machine is.
    // Killing the CLI does not cancel what the engine already received: each row checks that the call undid it. The
    // delays are short enough to land inside the command even on a quiet machine (a detached `run` takes 0.3 s or
    // more); later points, where the call may legitimately complete first, are covered by the random test below.
    [Theory(Timeout = 60_000)]
    [InlineData("container run", 0, false, false)]
    [InlineData("container run", 30, false, false)]
    [InlineData("container run", 80, false, false)]
    [InlineData("container create", 0, true, false)]
    [InlineData("container create", 20, true, false)]
    [InlineData("container create", 60, true, false)]
    [InlineData("container cp", 0, true, false)]
    [InlineData("container start", 0, true, false)]
    [InlineData("container start", 40, true, false)]
    [InlineData("container run", 0, false, true)]
    [InlineData("container run", 40, false, true)]
    [InlineData("container run", 150, false, true)]
    [InlineData("container start", 30, true, true)]
    public async Task Cancelling_a_run_mid_flight_leaves_no_container_and_no_engine_process(string command, int delayMilliseconds, bool withCopyIn, bool foreground)
    {
        var (mark, thrown, token) = await CancelMidFlightAsync(command, delayMilliseconds, withCopyIn, foreground);

        Assert.NotNull(thrown);
        Assert.Equal(token, thrown.CancellationToken);
        Assert.Empty(await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)]));
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    // Random cancellation points over every command a run uses: a handful in every run of the suite, and as many as
    // OCIMAN_STRESS says (e.g. OCIMAN_STRESS=200) for a stress run. The seed is in the message of any failure.
    [Fact(Timeout = 3_600_000)]
    public async Task Cancelling_at_random_points_never_leaves_a_container()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("OCIMAN_STRESS"), out var n) && n > 0 ? n : 6;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        (string Command, bool CopyIn, bool Foreground)[] points =
        [
            ("container run", false, false), ("container run", false, true), ("container create", true, false),
            ("container cp", true, false), ("container start", true, false), ("container start", true, true),
        ];
        var marks = new List<(string Mark, string Point)>();
        var cancelled = 0;
        for (var i = 0; i < count; i++)
        {
            var (command, copyIn, foreground) = points[random.Next(points.Length)];
            var delay = random.Next(0, 300);
            var (mark, thrown, token) = await CancelMidFlightAsync(command, delay, copyIn, foreground);
            Assert.True(thrown is null || thrown.CancellationToken == token, $"A cancellation surfaced for another token (seed {seed}).");
            cancelled += thrown is null ? 0 : 1;
            marks.Add((mark, $"{command} +{delay} ms (copy-in: {copyIn}, foreground: {foreground})"));
        }

        var left = new List<string>();
        foreach (var (mark, point) in marks)
        {
            foreach (var c in await fx.Engine.ListContainersAsync([new("io.ociman.it.cancel", mark)]))
            {
                left.Add($"{c.Id[..12]} ({c.State}) after cancelling {point}");
            }
        }

        output.WriteLine($"{fx.Engine.Kind}: {count} random cancellation points (seed {seed}), {cancelled} cancelled mid-flight, {left.Count} container(s) left");
        Assert.True(left.Count == 0, $"{left.Count} of {count} runs ({cancelled} cancelled mid-flight) left a container (seed {seed}): {string.Join("; ", left)}");
        Assert.True(cancelled > 0, $"No run of {count} was cancelled mid-flight (seed {seed}).");
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    // Starts a run of a plain-sleep container and cancels it delayMilliseconds after `command` started; returns the
    // label value that marks what the run may have created and the cancellation, or null when the run completed
    // before the cancellation landed (a detached run: its container is then removed here).
    private async Task<(string Mark, OperationCanceledException? Thrown, CancellationToken Token)> CancelMidFlightAsync(string command, int delayMilliseconds, bool withCopyIn, bool foreground)
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
        var onApi = fx.Engine.Transport == EngineTransport.Api;
        var request = ApiRequestOf(command);
        logs.Logged += e =>
        {
            var started = onApi
                ? e.EventId.Id == 1403 && e.Message.Contains(request, StringComparison.Ordinal)
                : e.EventId.Id == 1000 && e.Message.Contains(" " + command + " ", StringComparison.Ordinal);
            if (started)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(delayMilliseconds));
            }
        };
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = logs });

        try
        {
            if (foreground)
            {
                await engine.RunAsync(definition, cts.Token);
            }
            else
            {
                await using var completed = await engine.RunDetachedAsync(definition, cts.Token);
            }

            return (mark, null, cts.Token);
        }
        catch (OperationCanceledException thrown)
        {
            return (mark, thrown, cts.Token);
        }
    }

    // The request that carries out a CLI command's work on the API transport (a run is a create, then a start).
    private static string ApiRequestOf(string command) => command switch
    {
        "container run" or "container create" => "/containers/create",
        "container cp" => "/archive",
        "container start" => "/start",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a command these specs cancel"),
    };

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
    }
}
