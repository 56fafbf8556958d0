using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ociman.Benchmarks;

// Usage: Ociman.Benchmarks [--smoke] [--profile] [--out DIR] [--category NAME]...
//   OCIMAN_BACKEND=docker|podman picks the engine; OCIMAN_BENCH_TESTCONTAINERS=1 runs Testcontainers on Podman (DOCKER_HOST
//   must name Podman's API socket); OCIMAN_BENCH_ITERATIONS / OCIMAN_BENCH_WARMUPS override the job,
//   OCIMAN_BENCH_PROFILE_RUNS the profile's operations per method (5).
var smoke = args.Contains("--smoke");
var profile = args.Contains("--profile");
var outDir = ArgValue("--out") ?? Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench");
var categories = args.Select((a, i) => (a, i)).Where(p => p.a == "--category" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToArray();
Directory.CreateDirectory(outDir);

// Ryuk's image cannot be pulled here (no registry): Testcontainers runs without it, and the benchmarks clean up themselves.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED")))
{
    Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
}

var engineName = Environment.GetEnvironmentVariable("OCIMAN_BACKEND") ?? "docker";
Environment.SetEnvironmentVariable("OCIMAN_BACKEND", engineName);
Type[] types = [typeof(LifecycleBenchmarks), typeof(ImageFixtureBenchmarks), typeof(SeededDatabaseBenchmarks), typeof(FanOutBenchmarks), typeof(OverheadBenchmarks), typeof(PostgreSqlModuleBenchmarks), typeof(LateFanOutBenchmarks)];
if (categories.Length > 0)
{
    types = types.Where(t => categories.Contains(CategoryOf(t))).ToArray();
}

if (profile)
{
    return await Profiler.RunAsync(types, Path.Combine(outDir, $"profile-{engineName}.md"));
}

var iterations = BenchEnvironment.IntVariable("OCIMAN_BENCH_ITERATIONS", 15);
// Six: the peers share the runtime's HTTP, socket and JSON code, and with two the first peer in the process still paid
// for compiling it (tests/Ociman.Benchmarks/README.md).
var warmups = BenchEnvironment.IntVariable("OCIMAN_BENCH_WARMUPS", 6);
var job = (smoke
        ? Job.Dry.WithWarmupCount(0).WithIterationCount(1)
        : Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(warmups).WithIterationCount(iterations))
    .WithLaunchCount(1)
    .WithInvocationCount(1)
    .WithUnrollFactor(1)
    // In process: no generated project to build per benchmark, and the engine, images and snapshot are probed once.
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
    .WithId(engineName);

var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddLogger(ConsoleLogger.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, CategoriesColumn.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .AddFilter(new SimpleFilter(b => BenchEnvironment.TestcontainersEnabled || b.Descriptor.WorkloadMethod.Name != "Testcontainers"))
    .AddFilter(new SimpleFilter(b => ApiFloor.Enabled || b.Descriptor.WorkloadMethod.Name != "ApiFloor"))
    .WithArtifactsPath(Path.Combine(outDir, $"BenchmarkDotNet.Artifacts-{engineName}"))
    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);

var loadBefore = LoadAverage();
var started = Stopwatch.StartNew();
var summaries = BenchmarkRunner.Run(types, config);
var took = started.Elapsed;
var loadAfter = LoadAverage();
await BenchEnvironment.RemoveLeftoversAsync();

var reports = summaries.SelectMany(s => s.Reports).ToList();
var rows = reports
    .Where(r => r.ResultStatistics is not null)
    .Select(r => (Scenario: CategoryOf(r.BenchmarkCase.Descriptor.Type), Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name, Stats: r.ResultStatistics!))
    .ToList();
var expected = summaries.Sum(s => s.BenchmarksCases.Length);
var failed = expected - rows.Count + summaries.Count(s => s.HasCriticalValidationErrors);

var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"### {engineName}{(smoke ? " (smoke: one iteration each, not a measurement)" : string.Empty)}");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Engine: {BenchEnvironmentDescription()}; Testcontainers: {(BenchEnvironment.TestcontainersEnabled ? "yes" : "no")}; " +
    $"job: {(smoke ? "1 iteration" : $"Monitoring, {warmups} warm-ups + {iterations} iterations, 1 invocation each")}; run took {took.TotalMinutes:0.0} min; " +
    $"load average (1/5/15 min) before: {loadBefore}, after: {loadAfter}.");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Transports: \"Ociman\" is the transport the fixtures use ({BenchEnvironment.Engine.Transport}); \"Ociman CLI\" is the same library on the CLI transport.");
md.AppendLine();
md.AppendLine("| scenario | Ociman median | Ociman CLI median | Testcontainers median | bare CLI median | Engine API floor median | Ociman / Testcontainers | Ociman / floor | Ociman CLI / Testcontainers | Ociman CLI / bare CLI |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var scenario in rows.Select(r => r.Scenario).Distinct().Order(StringComparer.Ordinal))
{
    double? Median(string method) => rows.FirstOrDefault(r => r.Scenario == scenario && r.Method == method).Stats?.Median / 1e6;
    var o = Median("Ociman");
    var c = Median("OcimanCli");
    var t = Median("Testcontainers");
    var b = Median("BareCli");
    var f = Median("ApiFloor");
    md.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {Ms(o)} | {Ms(c)} | {Ms(t)} | {Ms(b)} | {Ms(f)} | {Ratio(o, t)} | {Ratio(o, f)} | {Ratio(c, t)} | {Ratio(c, b)} |");
}

md.AppendLine();
md.AppendLine("Spread (ms: median [Q1–Q3], min–max, n):");
md.AppendLine();
foreach (var r in rows.OrderBy(r => r.Scenario, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal))
{
    md.AppendLine(CultureInfo.InvariantCulture,
        $"- {r.Scenario} / {r.Method}: {r.Stats.Median / 1e6:0} [{r.Stats.Q1 / 1e6:0}–{r.Stats.Q3 / 1e6:0}], {r.Stats.Min / 1e6:0}–{r.Stats.Max / 1e6:0}, n={r.Stats.N}");
}

if (failed > 0)
{
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"**{failed} benchmark(s) failed or produced no result**: see the console log.");
}

var resultFile = Path.Combine(outDir, $"results-{engineName}{(smoke ? "-smoke" : string.Empty)}.md");
await File.WriteAllTextAsync(resultFile, md.ToString());
Console.WriteLine(md.ToString());
Console.WriteLine($"results: {resultFile}; {rows.Count}/{expected} benchmarks produced results");
return failed > 0 ? 1 : 0;

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string CategoryOf(Type type) =>
    type.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkCategoryAttribute), false)
        .Cast<BenchmarkDotNet.Attributes.BenchmarkCategoryAttribute>().FirstOrDefault()?.Categories.FirstOrDefault() ?? type.Name;

static string Ms(double? ms) => ms is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) + " ms" : "–";

static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) : "–";

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "?";
    }
}

static string BenchEnvironmentDescription()
{
    try
    {
        return BenchEnvironment.Engine.ToString();
    }
    catch (InvalidOperationException)
    {
        return Environment.GetEnvironmentVariable("OCIMAN_BACKEND") ?? "?";
    }
}
