using Ociman.Images;

namespace Ociman.Testing.NUnit.Tests;

/// <summary>BusyBox containers for the tests, and the label that marks what one test started.</summary>
public static class Sleepers
{
    /// <summary>A label a test puts on its containers to find them (or their absence) afterwards.</summary>
    public const string MarkerLabel = "io.ociman.nunit-test-marker";

    /// <summary>Sleeps until stopped; exits at once on SIGTERM, so stopping is quick.</summary>
    public static readonly string[] SleepCommand = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

    /// <summary>A BusyBox container running <paramref name="command"/> (the sleeper by default).</summary>
    public static async Task<ContainerDefinition> BusyBoxAsync(Engine engine, CancellationToken cancellationToken, params string[] command) =>
        ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
            .WithArguments(command.Length > 0 ? command : SleepCommand);

    /// <summary>A sleeper that is ready once <c>exec true</c> works.</summary>
    public static async Task<ContainerSetup> SleeperAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(await BusyBoxAsync(engine, cancellationToken)).WaitFor(Ready.ExecSucceeds("true"));

    /// <summary>Containers carrying <see cref="MarkerLabel"/>=<paramref name="marker"/>, running or not.</summary>
    public static async Task<IReadOnlyList<ContainerSummary>> MarkedAsync(string marker, CancellationToken cancellationToken)
    {
        var engine = await TestEngine.GetAsync(cancellationToken);
        return await engine.ListContainersAsync([new(MarkerLabel, marker)], cancellationToken);
    }
}
