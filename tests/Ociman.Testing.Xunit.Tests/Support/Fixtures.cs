using Ociman.Images;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Ociman.Testing.Xunit.Tests;

/// <summary>The definitions these tests run, all labelled with this run so leftovers can be found.</summary>
public static class BusyBox
{
    /// <summary>The label every container of these tests carries; its value is <see cref="RunId"/>.</summary>
    public const string RunLabel = "io.ociman.xunit-test-run";

    /// <summary>The command of a container that sleeps and exits at once on SIGTERM.</summary>
    public static readonly string[] SleepCommand = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public static async Task<ContainerDefinition> SleeperAsync(Engine engine, CancellationToken cancellationToken = default) =>
        ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
            .WithLabel(RunLabel, RunId)
            .WithArguments(SleepCommand);

    public static async Task<ContainerDefinition> RunningAsync(Engine engine, params string[] command) =>
        ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine))
            .WithLabel(RunLabel, RunId)
            .WithArguments(command);
}

/// <summary>A sleeping BusyBox container, ready when an exec succeeds; logs into xUnit's diagnostic messages.</summary>
public class SleeperFixture(IMessageSink sink) : ContainerFixture(sink)
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(await BusyBox.SleeperAsync(engine, cancellationToken)).WaitFor(Ready.ExecSucceeds("true"));
}

/// <summary>A fixture whose setup a test passes in, for driving <see cref="ContainerFixtureBase.StartAsync"/> directly.</summary>
public sealed class AdHocFixture(Func<Engine, CancellationToken, Task<ContainerSetup>> configure) : ContainerFixture
{
    public AdHocFixture(Func<Engine, Task<ContainerSetup>> configure)
        : this((engine, _) => configure(engine))
    {
    }

    protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) => configure(engine, cancellationToken);
}
