using Ociman.Images;
using Ociman.Testing;
using Ociman.Testing.MariaDb;
using Ociman.Testing.XunitV3;

namespace Ociman.Modules.Tests.MariaDb;

/// <summary>Snapshots of seeded state and the upstream-image path (Options.Image), each removing the images it makes.</summary>
public sealed class MariaDbSnapshotSpecs
{
    [ContainerFact(Timeout = 600_000)]
    public async Task A_second_start_comes_from_the_snapshot_with_the_seeded_rows_and_runs_no_seed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = SeededMariaDbOptions.Create() with
        {
            SnapshotName = ImageReference.Parse("ociman-modules-test/mariadb-" + Guid.NewGuid().ToString("N")[..12]),
        };
        ImageReference? snapshot = null;
        Engine? engine = null;
        try
        {
            await using (var first = new MariaDbModule(options))
            {
                await first.StartAsync(cancellationToken);
                (engine, snapshot) = (first.Engine, first.SnapshotImage);
                Assert.False(first.StartedFromSnapshot);
                Assert.Equal(3, first.SeedStepsRun);
                Assert.Equal(3L, await MariaDbClient.CountAsync(first.ConnectionString, "SELECT count(*) FROM products"));
            }

            await using var second = new MariaDbModule(options);
            await second.StartAsync(cancellationToken);

            Assert.True(second.StartedFromSnapshot);
            Assert.Equal(0, second.SeedStepsRun);
            Assert.Equal(snapshot, second.SnapshotImage);
            Assert.Equal(3L, await MariaDbClient.CountAsync(second.ConnectionString, "SELECT count(*) FROM products"));
            var copy = await second.CreateDatabaseAsync(cancellationToken: cancellationToken);
            Assert.Equal(3L, await MariaDbClient.CountAsync(second.GetConnectionString(copy), "SELECT count(*) FROM products"));
        }
        finally
        {
            if (engine is not null && snapshot is not null && await engine.ImageExistsAsync(snapshot, cancellationToken))
            {
                await engine.RemoveImageAsync(snapshot, force: true, cancellationToken);
            }
        }

        Assert.NotNull(snapshot);
        Assert.False(await engine!.ImageExistsAsync(snapshot, cancellationToken));
    }

    [ContainerFact(Timeout = 600_000)]
    public async Task An_image_from_Options_Image_runs_with_its_data_directory_moved_out_of_the_volume()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        // Offline there is no registry: the kit's image under another name stands in for mariadb:11.
        var upstream = ImageReference.Parse("ociman-modules-test/mariadb-upstream").WithTag(Guid.NewGuid().ToString("N")[..12]);
        await engine.TagImageAsync(await OfflineImages.MariaDbAsync(engine, cancellationToken), upstream, cancellationToken);
        try
        {
            await using var module = new MariaDbModule(SeededMariaDbOptions.Create() with { Image = upstream });
            await module.StartAsync(cancellationToken);

            Assert.Equal(upstream.ToString(), (await module.Container.InspectAsync(cancellationToken)).Image);
            Assert.Equal(3L, await MariaDbClient.CountAsync(module.ConnectionString, "SELECT count(*) FROM products"));
            var datadir = await MariaDbClient.TextAsync(module.ConnectionString, "SELECT @@datadir");
            Assert.Equal(OfflineImages.MariaDbDataDirectory + "/", datadir);
        }
        finally
        {
            await engine.RemoveImageAsync(upstream, cancellationToken: cancellationToken);
        }

        Assert.False(await engine.ImageExistsAsync(upstream, cancellationToken));
    }
}
