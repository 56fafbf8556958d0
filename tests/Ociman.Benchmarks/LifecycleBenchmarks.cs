using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;

namespace Ociman.Benchmarks;

/// <summary>Scenario 1: start a BusyBox container, exec <c>echo</c>, read its output, dispose.</summary>
[BenchmarkCategory("1-lifecycle")]
public class LifecycleBenchmarks
{
    [GlobalSetup]
    public void Setup() => BenchEnvironment.Initialize();

    [GlobalCleanup]
    public void Cleanup() => BenchEnvironment.RemoveLeftoversAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<string> Ociman()
    {
        await using var container = await BenchEnvironment.Engine.RunDetachedAsync(BenchEnvironment.BusyBoxDefinition());
        return Check(await container.Exec("echo", "hello").StringAsync());
    }

    [Benchmark]
    public async Task<string> OcimanCli()
    {
        await using var container = await BenchEnvironment.CliEngine.RunDetachedAsync(BenchEnvironment.BusyBoxDefinition());
        return Check(await container.Exec("echo", "hello").StringAsync());
    }

    [Benchmark]
    public async Task<string> Testcontainers()
    {
        var container = new ContainerBuilder(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox))
            .WithLabel(BenchEnvironment.BenchLabel, "1")
            .WithCommand(BenchEnvironment.BusyBoxCommand)
            .Build();
        await using (container)
        {
            await container.StartAsync();
            var result = await container.ExecAsync(["echo", "hello"]);
            return Check(result.Stdout);
        }
    }

    [Benchmark]
    public async Task<string> BareCli()
    {
        var id = BenchEnvironment.FirstLine(await BenchEnvironment.CliAsync(
            ["run", "-d", "--rm", "--label", BenchEnvironment.BenchLabel + "=1", BenchEnvironment.BusyBox.ToString(), .. BenchEnvironment.BusyBoxCommand]));
        try
        {
            return Check(await BenchEnvironment.CliAsync("exec", id, "echo", "hello"));
        }
        finally
        {
            await BenchEnvironment.CliAsync(BenchEnvironment.ForceRemove(id));
        }
    }

    [Benchmark]
    public async Task<string> ApiFloor()
    {
        var id = await Benchmarks.ApiFloor.RunAsync(BenchEnvironment.ForTestcontainers(BenchEnvironment.BusyBox), BenchEnvironment.BusyBoxCommand);
        try
        {
            return Check(await Benchmarks.ApiFloor.ExecAsync(id, "echo", "hello"));
        }
        finally
        {
            await Benchmarks.ApiFloor.RemoveAsync(id);
        }
    }

    private static string Check(string output) =>
        output.Trim() == "hello" ? output : throw new InvalidOperationException($"echo printed '{output}'");
}
