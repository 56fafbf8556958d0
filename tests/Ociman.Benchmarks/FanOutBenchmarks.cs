using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>Scenario 4: eight BusyBox containers started for one collection, all ready (logged "ready"). Removal is not timed.</summary>
[BenchmarkCategory("4-fan-out")]
public class FanOutBenchmarks
{
    public const int Count = 8;

    private readonly List<Func<Task>> _cleanups = [];

    [GlobalSetup]
    public void Setup() => BenchEnvironment.Initialize();

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.RemoveLeftoversAsync().GetAwaiter().GetResult();

    [IterationCleanup]
    public void RemoveAll()
    {
        var cleanups = _cleanups.ToArray();
        _cleanups.Clear();
        Task.WhenAll(cleanups.Select(c => c())).GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task Ociman()
    {
        var fixtures = Enumerable.Range(0, Count).Select(_ => new BusyBoxFixture()).ToArray();
        foreach (var fixture in fixtures)
        {
            _cleanups.Add(() => fixture.DisposeAsync().AsTask());
        }

        await Task.WhenAll(fixtures.Select(f => f.StartAsync()));
    }

    /// <summary>
    /// The CLI transport (fixtures use the shared engine, whose transport <c>eng/bench.sh</c> sets to the API): the same
    /// eight containers through <see cref="Engine.RunDetachedAsync"/> on the CLI, ready when the log says so, polled as
    /// the fixtures' readiness polls (20 ms, doubling to 500 ms).
    /// </summary>
    [Benchmark]
    public async Task OcimanCli()
    {
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async _ =>
        {
            var container = await BenchEnvironment.CliEngine.RunDetachedAsync(BenchEnvironment.BusyBoxDefinition());
            lock (_cleanups)
            {
                _cleanups.Add(() => container.DisposeAsync().AsTask());
            }

            var delay = 20;
            while (!(await container.GetLogsAsync()).StandardOutput.Contains("ready", StringComparison.Ordinal))
            {
                await Task.Delay(delay);
                delay = Math.Min(delay * 2, 500);
            }
        }));
    }

    [Benchmark]
    public async Task Testcontainers()
    {
        var containers = Enumerable.Range(0, Count)
            .Select(_ => new ContainerBuilder(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox))
                .WithLabel(BenchEnvironment.BenchLabel, "1")
                .WithCommand(BenchEnvironment.BusyBoxCommand)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("ready"))
                .Build())
            .ToArray();
        foreach (IContainer container in containers)
        {
            _cleanups.Add(() => container.DisposeAsync().AsTask());
        }

        await Task.WhenAll(containers.Select(c => c.StartAsync()));
    }

    [Benchmark]
    public async Task BareCli()
    {
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async _ =>
        {
            var id = BenchEnvironment.FirstLine(await BenchEnvironment.CliAsync(
                ["run", "-d", "--label", BenchEnvironment.BenchLabel + "=1", BenchEnvironment.BusyBox.ToString(), .. BenchEnvironment.BusyBoxCommand]));
            lock (_cleanups)
            {
                _cleanups.Add(() => BenchEnvironment.CliAsync(BenchEnvironment.ForceRemove(id)));
            }

            // Ready: the log says so (as the other peers wait for it).
            var delay = 20;
            while (!(await BenchEnvironment.CliAsync("logs", id)).Contains("ready", StringComparison.Ordinal))
            {
                await Task.Delay(delay);
                delay = Math.Min(delay * 2, 500);
            }
        }));
    }

    [Benchmark]
    public async Task ApiFloor()
    {
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async _ =>
        {
            var id = await Benchmarks.ApiFloor.RunAsync(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox), BenchEnvironment.BusyBoxCommand);
            lock (_cleanups)
            {
                _cleanups.Add(() => Benchmarks.ApiFloor.RemoveAsync(id));
            }

            var delay = 20;
            while (!await Benchmarks.ApiFloor.LogContainsAsync(id, "ready"))
            {
                await Task.Delay(delay);
                delay = Math.Min(delay * 2, 500);
            }
        }));
    }

    /// <summary>The Ociman peer: a fixture per container, ready when its log says "ready".</summary>
    public sealed class BusyBoxFixture : ContainerFixtureBase
    {
        protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            Task.FromResult(new ContainerSetup(BenchEnvironment.BusyBoxDefinition()).WaitFor(Ready.LogContains("ready")));
    }
}
