using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>
/// The fan-out scenarios: eight BusyBox containers started for one collection, all ready (logged "ready"). Removal is
/// not timed. Each scenario is a class of its own with one category (an inherited category would be a second one).
/// </summary>
public abstract class FanOutScenario
{
    public const int Count = 8;

    private readonly List<Func<Task>> _cleanups = [];

    /// <summary>The command of the <paramref name="index"/>th container (0 to <see cref="Count"/> − 1): it says "ready" and sleeps.</summary>
    protected abstract string[] Command(int index);

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
        var fixtures = Enumerable.Range(0, Count).Select(i => new BusyBoxFixture(Command(i))).ToArray();
        foreach (var fixture in fixtures)
        {
            _cleanups.Add(() => fixture.DisposeAsync().AsTask());
        }

        await Task.WhenAll(fixtures.Select(f => f.StartAsync()));
    }

    /// <summary>
    /// The CLI transport (fixtures use the shared engine, whose transport <c>eng/bench.sh</c> sets to the API): the same
    /// eight containers through <see cref="Engine.RunDetachedAsync"/> on the CLI, ready when the log says so, waited for
    /// by the fixtures' own <see cref="ReadinessWaiter"/>.
    /// </summary>
    [Benchmark]
    public async Task OcimanCli()
    {
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            var container = await BenchEnvironment.CliEngine.RunDetachedAsync(BenchEnvironment.BusyBoxDefinition(Command(i)));
            lock (_cleanups)
            {
                _cleanups.Add(() => container.DisposeAsync().AsTask());
            }

            await ReadinessWaiter.WaitAsync(new ReadinessContext(container, "127.0.0.1"), [Ready.LogContains("ready")]);
        }));
    }

    [Benchmark]
    public async Task Testcontainers()
    {
        var containers = Enumerable.Range(0, Count)
            .Select(i => new ContainerBuilder(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox))
                .WithLabel(BenchEnvironment.BenchLabel, "1")
                .WithCommand(Command(i))
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
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            var id = BenchEnvironment.FirstLine(await BenchEnvironment.CliAsync(
                ["run", "-d", "--label", BenchEnvironment.BenchLabel + "=1", BenchEnvironment.BusyBox.ToString(), .. Command(i)]));
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
        await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            var id = await Benchmarks.ApiFloor.RunAsync(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox), Command(i));
            lock (_cleanups)
            {
                _cleanups.Add(() => Benchmarks.ApiFloor.RemoveAsync(id));
            }

            // The least a client can do to see the line: one read, then one followed log stream until it appears.
            await Benchmarks.ApiFloor.WaitForLogAsync(id, "ready");
        }));
    }

    /// <summary>The Ociman peer: a fixture per container, ready when its log says "ready".</summary>
    public sealed class BusyBoxFixture(string[] command) : ContainerFixtureBase
    {
        protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            Task.FromResult(new ContainerSetup(BenchEnvironment.BusyBoxDefinition(command)).WaitFor(Ready.LogContains("ready")));
    }
}

/// <summary>Scenario 4: the eight say "ready" at once.</summary>
[BenchmarkCategory("4-fan-out")]
public class FanOutBenchmarks : FanOutScenario
{
    /// <inheritdoc />
    protected override string[] Command(int index) => BenchEnvironment.BusyBoxCommand;
}

/// <summary>
/// Scenario 7: scenario 4 with services that become ready late, as real ones do: the <c>i</c>th of the eight says
/// "ready" 1 + i/7 s after it starts (1 to 2 s), PID 1 a shell and then a plain <c>sleep</c> (neither handles SIGTERM).
/// </summary>
[BenchmarkCategory("7-fan-out-late")]
public class LateFanOutBenchmarks : FanOutScenario
{
    /// <inheritdoc />
    protected override string[] Command(int index) =>
        ["sh", "-c", $"sleep {BenchEnvironment.Invariant(1 + index / 7.0, "0.000")}; echo ready; exec sleep 3600"];
}
