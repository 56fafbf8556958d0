using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Processes;

/// <summary>The sample project run where no engine can be found: <c>PATH</c> holds only the .NET host.</summary>
public sealed class NoEngineSpecs
{
    private const string SelfSkippingFact = "Ociman.Testing.XunitV3.NoEngineSample.SampleSpecs.A_plain_fact_skips_itself_through_the_fixture";
    private const string SampleFact = "Ociman.Testing.XunitV3.NoEngineSample.SampleSpecs.The_container_answers_exec";

    private static Dictionary<string, string> WithoutEngine() =>
        Children.CleanEnvironment(Path.GetDirectoryName(Children.Dotnet)!);

    [ContainerFact(Timeout = 300_000)]
    public async Task Without_an_engine_a_ContainerFact_is_skipped_with_the_reason()
    {
        var environment = WithoutEngine();
        Assert.False(environment.ContainsKey("CI"));
        Assert.False(environment.ContainsKey("OCIMAN_REQUIRE_ENGINE"));

        var (run, results) = await Children.TestSampleAsync("FullyQualifiedName~SampleSpecs", environment, TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal([SelfSkippingFact, SampleFact], results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal("NotExecuted", r.Outcome);
            Assert.Contains("No container engine answers", r.Message, StringComparison.Ordinal);
        });

        // The fixture's own skip carries the probe's reason: what was tried and why it failed.
        var selfSkipped = results.Single(r => r.Name == SelfSkippingFact);
        Assert.Contains("docker", selfSkipped.Message, StringComparison.Ordinal);
        Assert.Contains("podman", selfSkipped.Message, StringComparison.Ordinal);
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task Without_an_engine_and_with_OCIMAN_REQUIRE_ENGINE_the_test_fails()
    {
        var environment = WithoutEngine();
        environment["OCIMAN_REQUIRE_ENGINE"] = "1";

        var (run, results) = await Children.TestSampleAsync("FullyQualifiedName~SampleSpecs", environment, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal([SelfSkippingFact, SampleFact], results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal("Failed", r.Outcome);
            Assert.Contains("EngineRequiredException", r.Message, StringComparison.Ordinal);
            Assert.Contains("No container engine answers", r.Message, StringComparison.Ordinal);
        });
    }
}
