using System.Collections.Concurrent;

namespace Ociman.Testing.Xunit.Tests;

/// <summary>A seeded container with a snapshot; the seed content is new for every test run, so the run's first fixture seeds.</summary>
public abstract class SnapshotFixture : ContainerFixture
{
    public const string SnapshotName = "ociman-xunit-test/snap";

    /// <summary>What the seed writes to /data/x: unique per test run.</summary>
    public static readonly string SeedText = $"seeded by run {Guid.NewGuid():N}\n";

    private static int _starts;

    /// <summary>1 for the first snapshot fixture this run started, 2 for the second.</summary>
    public int StartOrder { get; private set; }

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        StartOrder = Interlocked.Increment(ref _starts);
        return new ContainerSetup(await BusyBox.SleeperAsync(engine, cancellationToken))
            .WaitFor(Ready.ExecSucceeds("true"))
            .SeedWith(Seed.PipeText(SeedText, "sh", "-c", "mkdir -p /data && cat > /data/x"))
            .WithSnapshot(SnapshotName);
    }
}

public sealed class SeedingSnapshotFixture : SnapshotFixture;

public sealed class RestoringSnapshotFixture : SnapshotFixture;

/// <summary>Removes the snapshot images the collection's fixtures started from, after every class of the collection ran.</summary>
public sealed class SnapshotCleanup : IAsyncLifetime
{
    public static readonly ConcurrentDictionary<string, ImageReference> Images = new(StringComparer.Ordinal);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var availability = await TestEngine.GetAvailabilityAsync();
        if (availability.Engine is not { } engine)
        {
            return;
        }

        foreach (var image in Images.Values)
        {
            if (await engine.ImageExistsAsync(image))
            {
                await engine.RemoveImageAsync(image, force: true);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SnapshotCollection : ICollectionFixture<SnapshotCleanup>
{
    public const string Name = "snapshot";
}

internal static class SnapshotAssertions
{
    public static async Task AssertSeededOnceThenRestoredAsync(SnapshotFixture fx)
    {
        Assert.NotNull(fx.SnapshotImage);
        SnapshotCleanup.Images.TryAdd(fx.SnapshotImage.ToString(), fx.SnapshotImage);

        if (fx.StartOrder == 1)
        {
            // The first fixture of the run finds no snapshot for this seed content: it seeds and commits.
            Assert.Equal(1, fx.SeedStepsRun);
            Assert.False(fx.StartedFromSnapshot);
        }
        else
        {
            // Any later fixture with the same setup starts from the committed snapshot: no seed step runs.
            Assert.Equal(0, fx.SeedStepsRun);
            Assert.True(fx.StartedFromSnapshot);
        }

        Assert.Single(SnapshotCleanup.Images);
        Assert.Equal(SnapshotFixture.SeedText, await fx.Container.Exec("cat", "/data/x").StringAsync());
        Assert.True(await fx.Engine.ImageExistsAsync(fx.SnapshotImage));
    }
}

[Collection(SnapshotCollection.Name)]
public sealed class SeedingSnapshotSpecs(SeedingSnapshotFixture fx) : IClassFixture<SeedingSnapshotFixture>
{
    [ContainerFact(Timeout = 180_000)]
    public Task The_first_fixture_of_a_run_seeds_and_commits_a_snapshot() => SnapshotAssertions.AssertSeededOnceThenRestoredAsync(fx);
}

[Collection(SnapshotCollection.Name)]
public sealed class RestoringSnapshotSpecs(RestoringSnapshotFixture fx) : IClassFixture<RestoringSnapshotFixture>
{
    [ContainerFact(Timeout = 180_000)]
    public Task A_later_fixture_with_the_same_seed_starts_from_the_snapshot_without_seeding() => SnapshotAssertions.AssertSeededOnceThenRestoredAsync(fx);
}
