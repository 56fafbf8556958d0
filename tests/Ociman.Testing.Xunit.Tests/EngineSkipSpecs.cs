namespace Ociman.Testing.Xunit.Tests;

/// <summary>
/// Runs tests/Ociman.Testing.Xunit.NoEngineSample as a child <c>dotnet test</c> and reads its TRX: what a user sees
/// without an engine (skip locally, fail in CI) and when a fixture fails to start.
/// </summary>
public sealed class EngineSkipSpecs : IDisposable
{
    private const string DotNetDirectory = "/usr/share/dotnet";

    private readonly string _results = Directory.CreateTempSubdirectory("ociman-xunit-sample-").FullName;

    [ContainerFact(Timeout = 240_000)]
    public async Task Without_an_engine_a_ContainerFact_is_skipped_with_the_reason()
    {
        var (run, results) = await RunSampleAsync("skip", NoEngineSpecsName, NoEngine(require: null));

        var result = Assert.Single(results);
        Assert.True(result.Outcome == "NotExecuted", $"expected a skip, got {result.Outcome}:\n{result.Text}\n{run.Output}");
        Assert.Contains("No container engine answers", result.Text);
        Assert.Equal(0, run.ExitCode);
    }

    [ContainerFact(Timeout = 240_000)]
    public async Task Without_an_engine_a_ContainerFact_fails_when_an_engine_is_required()
    {
        var (run, results) = await RunSampleAsync("required", NoEngineSpecsName, NoEngine(require: "1"));

        var result = Assert.Single(results);
        Assert.True(result.Outcome == "Failed", $"expected a failure, got {result.Outcome}:\n{result.Text}\n{run.Output}");
        Assert.Contains(nameof(EngineRequiredException), result.Text);
        Assert.Contains("No container engine answers", result.Text);
        Assert.Contains("OCIMAN_REQUIRE_ENGINE=1", result.Text);
        Assert.NotEqual(0, run.ExitCode);
    }

    [ContainerFact(Timeout = 240_000)]
    public async Task A_fixture_that_fails_to_start_fails_every_test_of_the_class_with_the_cause_and_the_logs()
    {
        var marker = Guid.NewGuid().ToString("N");
        var (run, results) = await RunSampleAsync("startup-failure", "StartupFailureSpecs", new() { ["OCIMAN_SAMPLE_MARKER"] = marker });

        Assert.Equal(2, results.Count);
        Assert.All(results, result =>
        {
            Assert.True(result.Outcome == "Failed", $"expected a failure, got {result.Outcome}:\n{result.Text}\n{run.Output}");
            Assert.Contains(nameof(ContainerExitedException), result.Text);
            Assert.Contains("exited with code 7", result.Text);
            Assert.Contains("Last log lines of the container:", result.Text);
            Assert.Contains("boom from the sample", result.Text);
        });
        Assert.NotEqual(0, run.ExitCode);
        var engine = await TestEngine.GetAsync();
        Assert.Empty(await engine.ListContainersAsync([new("io.ociman.xunit-sample-marker", marker)]));
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    // The sample's class name, kept in one place for the filter.
    private const string NoEngineSpecsName = "NoEngineSpecs";

    /// <summary>PATH holds only the dotnet directory (no docker, no podman); CI is unset; OCIMAN_REQUIRE_ENGINE as given.</summary>
    private static Dictionary<string, string?> NoEngine(string? require) => new()
    {
        ["PATH"] = DotNetDirectory,
        ["CI"] = null,
        ["OCIMAN_REQUIRE_ENGINE"] = require,
        ["DOCKER_HOST"] = null,
        ["CONTAINER_HOST"] = null,
    };

    private async Task<(ChildResult Run, IReadOnlyList<TrxResult> Results)> RunSampleAsync(string label, string testClass, Dictionary<string, string?> environment)
    {
        var trx = Path.Combine(_results, label + ".trx");
        var info = ChildProcess.StartInfo(
            Path.Combine(DotNetDirectory, "dotnet"),
            ["test", Repository.NoEngineSampleProject, "--no-build", "-c", Repository.Configuration, "-nologo",
                "--filter", $"FullyQualifiedName~.{testClass}.",
                "--logger", $"trx;LogFileName={trx}", "--results-directory", _results],
            environment);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var run = await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(3));
        Assert.True(File.Exists(trx), $"no TRX from the sample run (exit code {run.ExitCode}):\n{run.Output}");
        return (run, Trx.Read(trx));
    }
}
