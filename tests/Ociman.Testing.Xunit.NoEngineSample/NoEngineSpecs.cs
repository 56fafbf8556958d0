using Ociman.Testing;
using Ociman.Testing.Xunit;
using Ociman.Images;

namespace Ociman.Testing.Xunit.NoEngineSample;

/// <summary>A BusyBox container that sleeps until stopped.</summary>
public sealed class SleeperFixture : ContainerFixture
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithLabels(SampleRun.Labels)
                .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"))
            .WaitFor(Ready.ExecSucceeds("true"));
}

/// <summary>Run with no engine on PATH: skipped locally, failed with CI or OCIMAN_REQUIRE_ENGINE=1.</summary>
public sealed class NoEngineSpecs(SleeperFixture fx) : IClassFixture<SleeperFixture>
{
    [ContainerFact]
    public async Task The_container_answers_an_exec()
    {
        Assert.Equal("hello\n", await fx.Container.Exec("echo", "hello").StringAsync());
    }
}

/// <summary>The label the parent test finds this run's containers by (<c>OCIMAN_SAMPLE_MARKER</c>).</summary>
internal static class SampleRun
{
    public const string MarkerLabel = "io.ociman.xunit-sample-marker";

    public static string? Marker => Environment.GetEnvironmentVariable("OCIMAN_SAMPLE_MARKER") is { Length: > 0 } m ? m : null;

    public static IReadOnlyDictionary<string, string> Labels =>
        Marker is { } marker ? new Dictionary<string, string> { [MarkerLabel] = marker } : new Dictionary<string, string>();
}
