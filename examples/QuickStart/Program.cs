// Quick start: detect the engine, build a tiny image offline, run a container with --rm in a scope that always
// stops it, exec a command with stdin and captured stdout, and print what happened.
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ociman;
using Ociman.Images;

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(
    Environment.GetEnvironmentVariable("OCIMAN_VERBOSE") == "1" ? LogLevel.Debug : LogLevel.Warning));

var engine = await Engine.DetectAsync(new EngineOptions { LoggerFactory = loggerFactory });
Console.WriteLine($"Engine: {engine}");

// Content-addressed: built once, then found by its hash on every later run.
var stopwatch = Stopwatch.StartNew();
var image = await OfflineImages.BusyBoxAsync(engine);
Console.WriteLine($"Image:  {image} (ready in {stopwatch.ElapsedMilliseconds} ms)");

var definition = ContainerDefinition.For(image)
    .WithName(ContainerName.Unique("quickstart"))
    .WithEnvironment("GREETING", "hello")
    .WithLabel("example", "quickstart")
    .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait");

var id = await engine.WithContainerAsync(definition, async container =>
{
    Console.WriteLine($"Started {container.ShortId} ({await container.GetNameAsync()})");

    // stdin is written while stdout is read; the environment value never appears on a command line.
    var upper = await container.Exec("sh", "-c", "echo \"$GREETING, $(tr a-z A-Z)\"")
        .WithStandardInput("from stdin")
        .StringAsync();
    Console.WriteLine($"Exec said: {upper.Trim()}");

    var result = await container.Exec("sh", "-c", "echo to-stderr >&2; exit 4").ResultAsync();
    Console.WriteLine($"A failing command: exit code {result.ExitCode}, stderr '{result.StandardError.Trim()}'");
    return container.Id;
});

Console.WriteLine($"After the scope the container exists: {await engine.ContainerExistsAsync(id)}");
