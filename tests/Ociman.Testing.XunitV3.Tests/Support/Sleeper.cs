using System.Collections.Concurrent;
using Ociman.Images;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Tests.Support;

/// <summary>A BusyBox container that sleeps until stopped, and a record of every container each fixture type started.</summary>
public abstract class SleeperFixture(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    /// <summary>The label every container these tests start carries (besides the session labels).</summary>
    public const string TestLabel = "io.ociman.xunit3-test";

    private static readonly ConcurrentDictionary<Type, ConcurrentBag<string>> Started = new();

    /// <summary>The ids of the containers started by instances of <paramref name="fixtureType"/> in this process.</summary>
    public static IReadOnlyCollection<string> StartedBy(Type fixtureType) =>
        Started.TryGetValue(fixtureType, out var ids) ? ids.ToArray() : [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Started.GetOrAdd(GetType(), _ => []).Add(Container.Id);
    }

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
        new ContainerSetup(Sleeper(await OfflineImages.BusyBoxAsync(engine, cancellationToken)))
            .WaitFor(Ready.ExecSucceeds("true"));

    /// <summary>A BusyBox container that exits at once on SIGTERM, so stopping is quick.</summary>
    public static ContainerDefinition Sleeper(ImageReference busyBox) =>
        ContainerDefinition.For(busyBox)
            .WithLabel(TestLabel, TestSession.Id)
            .WithArguments("sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait");
}

/// <summary>Records which container each test saw, per test class, to compare across tests.</summary>
public static class Sightings
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<string>> ByClass = new(StringComparer.Ordinal);

    /// <summary>Records that a test of <paramref name="testClass"/> saw <paramref name="containerId"/>.</summary>
    public static void Record(Type testClass, string containerId) => ByClass.GetOrAdd(testClass.FullName!, _ => []).Add(containerId);

    /// <summary>The containers the tests of <paramref name="testClass"/> saw so far.</summary>
    public static IReadOnlyCollection<string> Of(Type testClass) =>
        ByClass.TryGetValue(testClass.FullName!, out var ids) ? ids.ToArray() : [];
}
