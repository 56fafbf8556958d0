using Ociman.Images;

namespace Ociman.Testing.XunitV3.Tests.Session;

/// <summary>The sweep removes the networks of test processes that are gone — after their containers — and nothing else.</summary>
public sealed class NetworkSweepSpecs
{
    [ContainerFact(Timeout = 180_000)]
    public async Task A_dead_owners_network_goes_with_its_container_and_live_or_unowned_networks_stay()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // A plain engine (no session labels of its own): the labels below say who owns what.
        var engine = await Engine.DetectAsync(cancellationToken: cancellationToken);
        var busyBox = await OfflineImages.BusyBoxAsync(engine, cancellationToken);
        var dead = NetworkDefinition.Unique("ociman-sweep-dead").WithLabels(DeadOwner());
        var live = NetworkDefinition.Unique("ociman-sweep-live").WithLabels(TestSession.Labels);
        var unowned = NetworkDefinition.Unique("ociman-sweep-unowned").WithLabel("io.ociman.xunit3-test", TestSession.Id);
        await using var deadNetwork = await engine.CreateNetworkAsync(dead, cancellationToken);
        await using var liveNetwork = await engine.CreateNetworkAsync(live, cancellationToken);
        await using var unownedNetwork = await engine.CreateNetworkAsync(unowned, cancellationToken);
        await using var orphan = await engine.RunDetachedAsync(
            ContainerDefinition.For(busyBox).WithLabels(DeadOwner()).WithNetwork(dead.Name).WithArguments("sleep", "3600"),
            cancellationToken);

        var removed = await TestSession.SweepOrphansAsync(engine, cancellationToken);

        Assert.True(removed >= 2, $"the sweep removed {removed} things; the orphaned container and its network make 2");
        Assert.False(await engine.ContainerExistsAsync(orphan.Id, cancellationToken));
        Assert.False(await engine.NetworkExistsAsync(deadNetwork.Id, cancellationToken));
        Assert.True(await engine.NetworkExistsAsync(liveNetwork.Id, cancellationToken));
        Assert.True(await engine.NetworkExistsAsync(unownedNetwork.Id, cancellationToken));
    }

    // The largest pid on Linux is far below int.MaxValue: no process has it.
    private static Dictionary<string, string> DeadOwner() => new()
    {
        [TestSession.SessionLabel] = "gone" + Guid.NewGuid().ToString("N")[..12],
        [TestSession.OwnerPidLabel] = "2147483647",
        [TestSession.OwnerStartLabel] = "1",
        [TestSession.OwnerHostLabel] = Environment.MachineName,
    };
}
