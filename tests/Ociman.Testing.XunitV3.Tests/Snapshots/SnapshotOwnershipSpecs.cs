using Ociman.Images;
using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Snapshots;

/// <summary>Labels that mark ownership belong to the containers a test session starts, never to an image.</summary>
public sealed class SnapshotOwnershipSpecs
{
    private static readonly string[] OwnershipLabels =
        [TestSession.SessionLabel, TestSession.OwnerPidLabel, TestSession.OwnerStartLabel, TestSession.OwnerHostLabel];

    [ContainerFact(Timeout = 240_000)]
    public async Task A_container_started_by_hand_from_a_snapshot_of_a_finished_test_process_survives_the_next_sweep()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync();
        var name = "ociman-test/hand-snapshot-" + Guid.NewGuid().ToString("N")[..12];
        var byHand = "ociman-hand-" + Guid.NewGuid().ToString("N")[..12];
        string? image = null;
        try
        {
            // A test process commits the snapshot and ends; its seeding container is gone.
            var child = await Children.RunAsync(Children.Dotnet, [Paths.CrashChild, "snapshot", name], Children.EngineEnvironment(), TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(child.ExitCode == 0, child.Output);
            image = child.Output.Split('\n').Single(l => l.StartsWith("READY ", StringComparison.Ordinal))["READY ".Length..].Trim();
            var id = await RunByHandAsync(engine, byHand, image, cancellationToken);

            await TestSession.SweepOrphansAsync(engine, cancellationToken);

            Assert.True(await engine.ContainerExistsAsync(id, cancellationToken), $"the sweep removed {byHand}, a container started by hand from the snapshot {image}");

            var labels = (await engine.InspectImageAsync(ImageReference.Parse(image), cancellationToken)).Labels;
            foreach (var key in OwnershipLabels)
            {
                Assert.True(!labels.TryGetValue(key, out var value) || value.Length == 0, $"the snapshot image carries {key}={labels.GetValueOrDefault(key)}");
            }
        }
        finally
        {
            await CleanUpAsync(engine, byHand, image);
        }
    }

    [ContainerFact(Timeout = 180_000)]
    public async Task A_container_started_by_hand_from_an_image_that_carries_a_dead_sessions_labels_survives_the_sweep()
    {
        // Snapshot images committed before the labels were cleared still carry them: the sweep trusts only labels a
        // container does not inherit from its image.
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync();
        var image = "ociman-test/labelled-image:" + Guid.NewGuid().ToString("N")[..12];
        var byHand = "ociman-hand-" + Guid.NewGuid().ToString("N")[..12];
        var source = await engine.RunDetachedAsync(
            ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithLabel(TestSession.SessionLabel, "gone" + Guid.NewGuid().ToString("N")[..12])
                .WithLabel(TestSession.OwnerPidLabel, "2147483647")
                .WithLabel(TestSession.OwnerStartLabel, "1")
                .WithLabel(TestSession.OwnerHostLabel, Environment.MachineName)
                .WithArguments("sleep", "3600"),
            cancellationToken);
        try
        {
            await using (source)
            {
                await Cli(engine, cancellationToken, "container", "commit", source.Id, image);
            }

            var id = await RunByHandAsync(engine, byHand, image, cancellationToken);

            await TestSession.SweepOrphansAsync(engine, cancellationToken);

            Assert.True(await engine.ContainerExistsAsync(id, cancellationToken), $"the sweep removed {byHand}, whose session labels came from its image");
        }
        finally
        {
            await CleanUpAsync(engine, byHand, image);
        }
    }

    // Plain CLI, no Ociman labels: PID 1 is a plain sleep, which ignores SIGTERM.
    private static async Task<string> RunByHandAsync(Engine engine, string name, string image, CancellationToken cancellationToken)
    {
        var run = await Cli(engine, cancellationToken, "run", "-d", "--name", name, image, "sleep", "3600");
        return run.Output.Trim().Split('\n')[^1].Trim();
    }

    private static async Task CleanUpAsync(Engine engine, string container, string? image)
    {
        await Children.RunAsync(engine.ExecutablePath, ["rm", "--force", container], Children.EngineEnvironment(), TimeSpan.FromMinutes(1), CancellationToken.None);
        if (image is not null)
        {
            await Children.RunAsync(engine.ExecutablePath, ["image", "rm", "--force", image], Children.EngineEnvironment(), TimeSpan.FromMinutes(1), CancellationToken.None);
        }
    }

    private static async Task<ChildResult> Cli(Engine engine, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await Children.RunAsync(engine.ExecutablePath, arguments, Children.EngineEnvironment(), TimeSpan.FromMinutes(1), cancellationToken);
        Assert.True(result.ExitCode == 0, $"{engine.ExecutablePath} {string.Join(' ', arguments)} failed: {result.Output}");
        return result;
    }
}
