using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>
/// Where the time goes: runs every benchmark method a few times outside BenchmarkDotNet and records each CLI process
/// started during one operation (Ociman's log event 1001 carries the command line and its duration; the bare CLI peer
/// records its own). Testcontainers and the Engine API floor start no process (HTTP on the engine's socket), so only their wall time is shown.
/// </summary>
public static class Profiler
{
    // OCIMAN_BENCH_PROFILE_RUNS (a positive number) gives more turns when the profile is the comparison that counts.
    private static readonly int Runs = BenchEnvironment.IntVariable("OCIMAN_BENCH_PROFILE_RUNS", 5);

    public static async Task<int> RunAsync(IEnumerable<Type> types, string outputFile)
    {
        var recorder = new CommandRecorder();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(recorder));
        TestEngine.UseLoggerFactory(loggerFactory);
        BenchEnvironment.LoggerFactory = loggerFactory;
        await BenchEnvironment.InitializeAsync();
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Profile on {BenchEnvironment.Engine} ({Runs} operations per method after one warm-up, the peers taking turns; medians)");
        md.AppendLine();
        md.AppendLine("| scenario | peer | wall | CLI processes | time in CLI processes (mean sum) | processes by command: count × median ms |");
        md.AppendLine("|---|---|---:|---:|---:|---|");
        var failures = 0;
        foreach (var type in types)
        {
            var scenario = type.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories[0] ?? type.Name;
            var instance = Activator.CreateInstance(type)!;
            await InvokeAsync(instance, Find<GlobalSetupAttribute>(type, null));
            try
            {
                var methods = type.GetMethods()
                    .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                    .Where(m => m.Name != "Testcontainers" || BenchEnvironment.TestcontainersEnabled)
                    .Where(m => m.Name != "ApiFloor" || ApiFloor.Enabled)
                    .ToList();
                var walls = methods.ToDictionary(m => m.Name, _ => new List<double>());
                var commands = methods.ToDictionary(m => m.Name, _ => new List<(string CommandLine, long Milliseconds)>());
                var failed = new Dictionary<string, string>();

                // Round robin: the peers take turns, so a burst of other work on the machine hits them alike.
                for (var run = 0; run <= Runs; run++)
                {
                    foreach (var method in methods.Where(m => !failed.ContainsKey(m.Name)))
                    {
                        try
                        {
                            recorder.Clear();
                            BenchEnvironment.BareCommands.Clear();
                            var stopwatch = Stopwatch.StartNew();
                            await InvokeAsync(instance, method);
                            var wall = stopwatch.Elapsed.TotalMilliseconds;
                            var recorded = method.Name == "BareCli" ? BenchEnvironment.BareCommands.ToList() : recorder.Commands.ToList();
                            await InvokeAsync(instance, Find<IterationCleanupAttribute>(type, method.Name));
                            if (run > 0)
                            {
                                walls[method.Name].Add(wall);
                                commands[method.Name].AddRange(recorded);
                            }
                        }
                        catch (Exception ex) when (ex is not OutOfMemoryException)
                        {
                            failures++;
                            failed[method.Name] = ex.GetBaseException().Message.Split('\n')[0];
                        }
                    }
                }

                foreach (var method in methods)
                {
                    if (failed.TryGetValue(method.Name, out var message))
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {method.Name} | failed: {message} | | | |");
                        continue;
                    }

                    var list = commands[method.Name];
                    var perOp = list.Count / (double)Runs;
                    var sum = list.Sum(c => c.Milliseconds) / (double)Runs;
                    var byVerb = list.GroupBy(c => CommandRecorder.Verb(c.CommandLine))
                        .OrderByDescending(g => g.Sum(c => c.Milliseconds))
                        .Select(g => $"{g.Key} {g.Count() / (double)Runs:0.#} × {Median(g.Select(c => (double)c.Milliseconds)):0}");
                    var tc = method.Name is "Testcontainers" or "ApiFloor" || (method.Name != "BareCli" && list.Count == 0);
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"| {scenario} | {method.Name} | {Median(walls[method.Name]):0} ms | {(tc ? "0 (HTTP API)" : perOp.ToString("0.#", CultureInfo.InvariantCulture))} | {(tc ? "–" : sum.ToString("0", CultureInfo.InvariantCulture) + " ms")} | {string.Join("; ", byVerb)} |");
                }
            }
            finally
            {
                await InvokeAsync(instance, Find<GlobalCleanupAttribute>(type, null));
            }
        }

        md.AppendLine();
        md.AppendLine("In the parallel scenario (4-fan-out) the sum of process times exceeds the wall time: processes overlap.");
        await File.WriteAllTextAsync(outputFile, md.ToString());
        Console.WriteLine(md.ToString());
        Console.WriteLine($"profile: {outputFile}");
        await BenchEnvironment.RemoveLeftoversAsync();
        return failures > 0 ? 1 : 0;
    }

    private static MethodInfo? Find<T>(Type type, string? target)
        where T : TargetedAttribute =>
        type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<T>() is { } a && (a.Targets is null || a.Targets.Length == 0 || (target is not null && a.Targets.Contains(target))));

    private static async Task InvokeAsync(object instance, MethodInfo? method)
    {
        if (method is null)
        {
            return;
        }

        try
        {
            if (method.Invoke(instance, null) is Task task)
            {
                await task;
            }
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
