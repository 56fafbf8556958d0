using Ociman.Images;
using Ociman.Testing;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.XunitV3;

namespace Ociman.Modules.Tests.PostgreSql;

/// <summary>Snapshots of seeded state, and the <see cref="PostgreSqlOptions.Image"/> path (an upstream-style image).</summary>
public sealed class PostgreSqlSnapshotSpecs
{
    [ContainerFact(Timeout = 300_000)]
    public async Task A_second_module_with_the_same_options_starts_from_the_snapshot_with_the_seeded_rows_and_template()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = SeededPostgres.Seeded("ociman-test/pg-module-" + Guid.NewGuid().ToString("N")[..12]);
        ImageReference? snapshot = null;
        try
        {
            await using (var first = new PostgreSqlModule(options))
            {
                await first.StartAsync(cancellationToken);
                snapshot = first.SnapshotImage;

                Assert.False(first.StartedFromSnapshot);
                Assert.Equal(3, first.SeedStepsRun);
                Assert.Equal(2L, await Db.ScalarAsync<long>(first.ConnectionString, "SELECT count(*) FROM customers"));
            }

            await using var second = new PostgreSqlModule(options);
            await second.StartAsync(cancellationToken);

            Assert.True(second.StartedFromSnapshot);
            Assert.Equal(0, second.SeedStepsRun);
            Assert.Equal(snapshot, second.SnapshotImage);
            Assert.Equal(2L, await Db.ScalarAsync<long>(second.ConnectionString, "SELECT count(*) FROM customers"));
            var copy = await second.CreateDatabaseAsync(cancellationToken: cancellationToken);
            Assert.Equal(3L, await Db.ScalarAsync<long>(second.GetConnectionString(copy), "SELECT count(*) FROM orders"));
        }
        finally
        {
            var engine = await TestEngine.GetAsync(cancellationToken);
            if (snapshot is not null && await engine.ImageExistsAsync(snapshot, cancellationToken))
            {
                await engine.RemoveImageAsync(snapshot, force: true, cancellationToken);
            }
        }
    }

    [ContainerFact(Timeout = 300_000)]
    public async Task An_image_set_in_the_options_is_run_with_its_data_outside_the_official_images_volume()
    {
        // Offline there is no upstream image: the kit's image under another name stands in for postgres:16.
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        var kit = await OfflineImages.PostgresAsync(engine, cancellationToken);
        var upstream = ImageReference.Parse("ociman-test/upstream-postgres:" + Guid.NewGuid().ToString("N")[..12]);
        await engine.TagImageAsync(kit, upstream, cancellationToken);
        try
        {
            await using var module = new PostgreSqlModule(new PostgreSqlOptions
            {
                Image = upstream,
                Username = "app",
                Password = "upstream-secret",
                Database = "orders",
                Seeds = [PostgreSqlSeed.Sql("CREATE TABLE t (v int); INSERT INTO t VALUES (42);")],
            });
            await module.StartAsync(cancellationToken);

            Assert.Equal(upstream, module.Container.Definition?.Image);
            Assert.Equal(42, await Db.ScalarAsync<int>(module.ConnectionString, "SELECT v FROM t"));
            Assert.Equal("app", await Db.ScalarAsync<string>(module.ConnectionString, "SELECT current_user"));
            Assert.Equal(OfflineImages.PostgresDataDirectory, await Db.ScalarAsync<string>(module.ConnectionString, "SHOW data_directory"));
            var copy = await module.CreateDatabaseAsync("orders_copy", cancellationToken);
            Assert.Equal(42, await Db.ScalarAsync<int>(module.GetConnectionString(copy), "SELECT v FROM t"));
        }
        finally
        {
            await engine.RemoveImageAsync(upstream, force: false, cancellationToken);
        }
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task The_password_reaches_the_container_only_as_an_environment_value()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new PostgreSqlOptions { Password = "never-on-a-command-line" };
        await using var module = new PostgreSqlModule(options);
        await module.StartAsync(cancellationToken);

        var inspection = await module.Container.InspectAsync(cancellationToken);
        var raw = inspection.Raw.ToString();

        Assert.Contains("POSTGRES_PASSWORD=never-on-a-command-line", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("never-on-a-command-line", inspection.Raw.GetProperty("Args").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("never-on-a-command-line", inspection.Raw.GetProperty("Path").ToString(), StringComparison.Ordinal);
        Assert.Equal(1L, await Db.ScalarAsync<long>(module.ConnectionString, "SELECT 1::bigint"));
    }
    [ContainerFact(Timeout = 120_000)]
    public async Task A_failing_sql_seed_fails_the_start_with_psqls_error_and_leaves_no_container()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        var before = await SessionContainersAsync(engine, cancellationToken);
        await using var module = new PostgreSqlModule(new PostgreSqlOptions
        {
            Seeds = [PostgreSqlSeed.Sql("CREATE TABLE ok (v int);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE never (v int);")],
        });

        var failure = await Assert.ThrowsAsync<SeedFailedException>(() => module.StartAsync(cancellationToken));

        Assert.Contains("no_such_table", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, module.SeedStepsRun);
        Assert.Equal(before, await SessionContainersAsync(engine, cancellationToken));
    }

    private static async Task<string[]> SessionContainersAsync(Engine engine, CancellationToken cancellationToken) =>
        [.. (await engine.ListContainersAsync([new(TestSession.SessionLabel, TestSession.Id)], cancellationToken)).Select(c => c.Id).Order(StringComparer.Ordinal)];
}
