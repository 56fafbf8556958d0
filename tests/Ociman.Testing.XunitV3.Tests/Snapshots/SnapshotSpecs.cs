using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Snapshots;

public sealed class SnapshotSpecs
{
    [ContainerFact(Timeout = 180_000)]
    public async Task A_second_fixture_with_the_same_seed_starts_from_the_snapshot_without_seeding()
    {
        var ct = TestContext.Current.CancellationToken;
        var text = $"seeded by run {Guid.NewGuid():N}";
        ContainerSetup Setup(ContainerDefinition definition) => new ContainerSetup(definition)
            .WaitFor(Ready.ExecSucceeds("true"))
            .SeedWith(Seed.PipeText(text, "sh", "-c", "mkdir -p /data; cat > /data/x"))
            .WithSnapshot("ociman-xunit3-test/snap");

        await using var first = new DirectFixture(Setup);
        await using var second = new DirectFixture(Setup);
        try
        {
            await first.StartAsync(ct);

            Assert.Equal(1, first.SeedStepsRun);
            Assert.False(first.StartedFromSnapshot);
            Assert.NotNull(first.SnapshotImage);
            Assert.Equal(text, await first.Container.Exec("cat", "/data/x").StringAsync(ct));

            await second.StartAsync(ct);

            Assert.Equal(0, second.SeedStepsRun);
            Assert.True(second.StartedFromSnapshot);
            Assert.Equal(first.SnapshotImage, second.SnapshotImage);
            Assert.NotEqual(first.Container.Id, second.Container.Id);
            Assert.Equal(text, await second.Container.Exec("cat", "/data/x").StringAsync(ct));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            if (first.SnapshotImage is { } snapshot)
            {
                var engine = await TestEngine.GetAsync();
                await engine.RemoveImageAsync(snapshot, force: true, CancellationToken.None);
                Assert.False(await engine.ImageExistsAsync(snapshot, CancellationToken.None));
            }
        }

        await first.AssertNothingLeftAsync();
        await second.AssertNothingLeftAsync();
    }
}
