using Ociman.Images;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Ociman.IntegrationTests;

/// <summary>The engine under test (chosen by <c>OCIMAN_BACKEND</c>), the BusyBox test image, and the run's label.</summary>
/// <remarks>
/// There is no skip: when the engine does not answer, every test fails with the detection error. At the end of the
/// run the fixture checks that no container carrying this run's label remains, and fails the run if one does.
/// </remarks>
public sealed class EngineFixture : IAsyncLifetime
{
    /// <summary>The label every container started by these tests carries.</summary>
    public const string RunLabel = "io.ociman.test-run";

    /// <summary>The command a test container runs, as users' containers do: PID 1 is a plain <c>sleep</c>, which ignores SIGTERM.</summary>
    public static readonly string[] SleepCommand = ["sleep", "3600"];

    /// <summary>A main process that exits at once on SIGTERM, for the few tests about a graceful stop.</summary>
    public static readonly string[] TermHandlerCommand = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public Engine Engine { get; private set; } = null!;

    public ImageReference BusyBox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await Engine.DetectAsync();
        BusyBox = await OfflineImages.BusyBoxAsync(Engine);
    }

    /// <summary>A definition of a BusyBox container labelled with this run.</summary>
    public ContainerDefinition Sleeper() =>
        ContainerDefinition.For(BusyBox).WithLabel(RunLabel, RunId).WithArguments(SleepCommand);

    /// <summary>A definition of a BusyBox container labelled with this run whose main process exits on SIGTERM.</summary>
    public ContainerDefinition TermHandler() =>
        ContainerDefinition.For(BusyBox).WithLabel(RunLabel, RunId).WithArguments(TermHandlerCommand);

    /// <summary>A definition of a BusyBox container labelled with this run that runs <paramref name="command"/>.</summary>
    public ContainerDefinition Running(params string[] command) =>
        ContainerDefinition.For(BusyBox).WithLabel(RunLabel, RunId).WithArguments(command);

    /// <summary>A network definition with a fresh name, labelled with this run.</summary>
    public NetworkDefinition Network(string prefix = "ociman-it-net") =>
        NetworkDefinition.Unique(prefix).WithLabel(RunLabel, RunId);

    /// <summary>A name no other test uses.</summary>
    public static string UniqueName(string prefix = "ociman-it") => ContainerName.Unique(prefix).ToString();

    public async Task DisposeAsync()
    {
        if (Engine is null)
        {
            return;
        }

        var leftovers = await Engine.ListContainersAsync([new(RunLabel, RunId)]);
        var networks = await Engine.ListNetworksAsync([new(RunLabel, RunId)]);
        if (networks.Count > 0)
        {
            await Engine.RemoveContainersAsync(RunLabel, RunId);
            await Engine.RemoveNetworksAsync(RunLabel, RunId);
            throw new InvalidOperationException(
                $"{networks.Count} network(s) labelled {RunLabel}={RunId} were left behind by the tests: " + string.Join(", ", networks.Select(n => n.Name)));
        }

        if (leftovers.Count > 0)
        {
            await Engine.RemoveContainersAsync(RunLabel, RunId);
            throw new InvalidOperationException(
                $"{leftovers.Count} container(s) labelled {RunLabel}={RunId} were left behind by the tests: "
                + string.Join(", ", leftovers.Select(c => $"{c.Id[..12]} ({c.State})")));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
