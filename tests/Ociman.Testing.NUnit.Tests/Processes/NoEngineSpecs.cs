using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.Processes;

/// <summary>
/// Runs the sample project (tests/Ociman.Testing.NUnit.NoEngineSample) as a user would, with <c>dotnet test</c>: with a
/// PATH that holds only the .NET SDK (no docker, no podman), and with an engine for its broken fixture.
/// </summary>
public sealed class NoEngineSpecs
{
    /// <summary>The sample's tests: two in a fixture that fails to start, three that need a running container or engine.</summary>
    private static readonly string[] SampleTests = ["First_test", "Second_test", "The_container_runs", "The_engine_answers", "The_shared_container_runs"];

    private static Dictionary<string, string> WithoutEngine()
    {
        var environment = ChildProcess.CleanEnvironment();
        environment["PATH"] = Path.GetDirectoryName(ChildProcess.DotnetHost) is { Length: > 0 } dotnetDir ? dotnetDir : "/usr/share/dotnet";
        environment.Remove("DOCKER_HOST");
        environment.Remove("CONTAINER_HOST");
        return environment;
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Without_an_engine_the_tests_are_ignored_with_the_reason(CancellationToken cancellationToken)
    {
        var (exitCode, output, results) = await ChildProcess.TestSampleAsync(WithoutEngine(), null, cancellationToken);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(results.Select(r => r.TestName), Is.EquivalentTo(SampleTests), output);
        Assert.Multiple(() =>
        {
            foreach (var result in results)
            {
                Assert.That(result.Outcome, Is.EqualTo("NotExecuted"), result.TestName);
                Assert.That(result.Message, Does.Contain("No container engine answers"), result.TestName);
            }
        });

        // On a method without a fixture, only the attribute can have ignored it: its reason is NUnit's skip reason as is.
        Assert.That(results.Single(r => r.TestName == "The_engine_answers").Message, Does.StartWith("No container engine answers"));
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task With_OCIMAN_REQUIRE_ENGINE_the_same_tests_fail_instead(CancellationToken cancellationToken)
    {
        var environment = WithoutEngine();
        environment["OCIMAN_REQUIRE_ENGINE"] = "1";

        var (exitCode, output, results) = await ChildProcess.TestSampleAsync(environment, null, cancellationToken);

        Assert.That(exitCode, Is.Not.EqualTo(0), output);
        Assert.That(results.Select(r => r.TestName), Is.EquivalentTo(SampleTests), output);
        Assert.Multiple(() =>
        {
            foreach (var result in results)
            {
                Assert.That(result.Outcome, Is.EqualTo("Failed"), result.TestName);
                Assert.That(result.Message, Does.Contain("EngineRequiredException"), result.TestName);
                Assert.That(result.Message, Does.Contain("OCIMAN_REQUIRE_ENGINE=1 is set"), result.TestName);
            }
        });
    }

    [Test]
    [RequiresContainerEngine]
    [CancelAfter(300_000)]
    public async Task A_fixture_that_fails_in_OneTimeSetUp_fails_each_test_with_the_cause_and_the_containers_log(CancellationToken cancellationToken)
    {
        var marker = Guid.NewGuid().ToString("N");
        var environment = ChildProcess.CleanEnvironment();
        environment["OCIMAN_REQUIRE_ENGINE"] = "1";
        environment["OCIMAN_SAMPLE_MARKER"] = marker;

        var (exitCode, output, results) = await ChildProcess.TestSampleAsync(environment, "TestCategory=Broken", cancellationToken);

        Assert.That(exitCode, Is.Not.EqualTo(0), output);
        Assert.That(results.Select(r => r.TestName), Is.EquivalentTo(new[] { "First_test", "Second_test" }), output);
        Assert.Multiple(() =>
        {
            foreach (var result in results)
            {
                Assert.That(result.Outcome, Is.EqualTo("Failed"), result.TestName);
                Assert.That(result.Message, Does.Contain("OneTimeSetUp"), result.TestName);
                Assert.That(result.Message, Does.Contain("ContainerExitedException"), result.TestName);
                Assert.That(result.Message, Does.Contain("exited with code 7"), result.TestName);
                Assert.That(result.Message, Does.Contain("Last log lines of the container"), result.TestName);
                Assert.That(result.Message, Does.Contain("| boom"), result.TestName);
            }
        });
        Assert.That(await Sleepers.MarkedAsync(marker, cancellationToken), Is.Empty, "the child left no container behind");
    }
}
