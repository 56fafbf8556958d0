using BenchmarkDotNet.Attributes;

namespace Ociman.Benchmarks;

/// <summary>
/// Scenario 5: the library's own cost. The same sequence of engine calls — run -d, exec echo, inspect, rm -f — through
/// Ociman's CLI transport and through CliWrap calling the CLI directly with the arguments Ociman renders; "Ociman" is the
/// same calls through the transport the fixtures use (the API in <c>eng/bench.sh</c>).
/// </summary>
[BenchmarkCategory("5-overhead")]
public class OverheadBenchmarks
{
    [GlobalSetup]
    public void Setup() => BenchEnvironment.Initialize();

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.RemoveLeftoversAsync().GetAwaiter().GetResult();

    [Benchmark]
    public Task<string> Ociman() => RunAsync(BenchEnvironment.Engine);

    [Benchmark]
    public Task<string> OcimanCli() => RunAsync(BenchEnvironment.CliEngine);

    private static async Task<string> RunAsync(Engine engine)
    {
        await using var container = await engine.RunDetachedAsync(BenchEnvironment.BusyBoxDefinition());
        var output = await container.Exec("echo", "hello").StringAsync();
        var inspection = await container.InspectAsync();
        if (!inspection.Running)
        {
            throw new InvalidOperationException("not running");
        }

        return output;
    }

    [Benchmark]
    public async Task<string> BareCli()
    {
        var id = BenchEnvironment.FirstLine(await BenchEnvironment.CliAsync(
            ["container", "run", "--detach", "--rm", "--label", BenchEnvironment.BenchLabel + "=1", BenchEnvironment.BusyBox.ToString(), .. BenchEnvironment.BusyBoxCommand]));
        try
        {
            var output = await BenchEnvironment.CliAsync("container", "exec", id, "echo", "hello");
            var inspection = await BenchEnvironment.CliAsync("container", "inspect", id);
            if (!inspection.Contains("\"Running\": true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("not running");
            }

            return output;
        }
        finally
        {
            await BenchEnvironment.CliAsync(BenchEnvironment.ForceRemove(id));
        }
    }
}
