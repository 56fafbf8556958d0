using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.Lifecycle;

public sealed class SnapshotSpecs
{
    /// <summary>Seeded content unique to this run, so the snapshot is new for every run.</summary>
    private static readonly string SeededText = $"seeded by run {Guid.NewGuid():N}\n";

    private sealed class SeededSleeper : ContainerFixtureBase
    {
        protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            (await Sleepers.SleeperAsync(engine, cancellationToken))
                .SeedWith(Seed.PipeText(SeededText, "sh", "-c", "mkdir -p /data; cat > /data/x"))
                .WithSnapshot("ociman-nunit-test/snap");
    }

    [Test]
    [RequiresContainerEngine]
    [CancelAfter(180_000)]
    public async Task A_second_fixture_with_the_same_setup_starts_from_the_snapshot_without_seeding(CancellationToken cancellationToken)
    {
        var first = new SeededSleeper();
        var second = new SeededSleeper();
        ImageReference? snapshot = null;
        Engine? engine = null;
        try
        {
            await first.StartAsync(cancellationToken);
            engine = first.Engine;
            snapshot = first.SnapshotImage;

            Assert.That(first.SeedStepsRun, Is.EqualTo(1));
            Assert.That(first.StartedFromSnapshot, Is.False);
            Assert.That(snapshot, Is.Not.Null);
            Assert.That(await engine.ImageExistsAsync(snapshot!, cancellationToken), Is.True);
            await first.DisposeAsync();

            await second.StartAsync(cancellationToken);

            Assert.That(second.SeedStepsRun, Is.EqualTo(0));
            Assert.That(second.StartedFromSnapshot, Is.True);
            Assert.That(second.SnapshotImage, Is.EqualTo(snapshot));
            Assert.That(await second.Container.Exec("cat", "/data/x").StringAsync(cancellationToken), Is.EqualTo(SeededText));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            if (engine is not null && snapshot is not null && await engine.ImageExistsAsync(snapshot, CancellationToken.None))
            {
                await engine.RemoveImageAsync(snapshot, force: true, CancellationToken.None);
            }
        }

        Assert.That(await engine!.ImageExistsAsync(snapshot!, cancellationToken), Is.False, "the snapshot image was removed");
    }
}
