using System.Net.Sockets;
using System.Text;
using Ociman.Images;
using Ociman.Testing;
using Ociman.Testing.Redis;
using Ociman.Testing.XunitV3;
using StackExchange.Redis;

namespace Ociman.Modules.Tests.Redis;

/// <summary>A Redis module seeded from text and from a file, shared by the tests of <see cref="RedisModuleSpecs"/>.</summary>
public sealed class SeededRedis() : RedisModule(new RedisOptions
{
    Seeds =
    [
        RedisSeed.Commands("SET greeting \"hello world\"\nRPUSH queue a b c\n"),
        RedisSeed.CommandsFile(RedisSeedFiles.Hash),
    ],
});

internal static class RedisSeedFiles
{
    // A file of the test project, copied beside the tests: nothing is written at run time, so nothing is left behind.
    public static readonly string Hash = Path.Combine(AppContext.BaseDirectory, "Redis", "seed-users.redis");
}

public sealed class RedisModuleSpecs(ModuleFixture<SeededRedis> fixture) : IClassFixture<ModuleFixture<SeededRedis>>
{
    private RedisModule Redis => fixture.Module;

    [Fact(Timeout = 600_000)]
    public async Task Seeded_keys_are_visible_to_StackExchange_Redis()
    {
        fixture.SkipIfNoEngine();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var db = connection.GetDatabase();
        Assert.Equal("4", (await Redis.Container.Exec("redis-cli", "DBSIZE").StringAsync(cancellationToken)).Trim());

        Assert.Equal("hello world", (string?)await db.StringGetAsync("greeting"));
        Assert.Equal(["a", "b", "c"], (await db.ListRangeAsync("queue")).Select(v => (string?)v));
        Assert.Equal("Ada", (string?)await db.HashGetAsync("user:1", "name"));
        Assert.Equal("C#", (string?)await db.HashGetAsync("user:1", "lang"));
        Assert.True(await db.SetContainsAsync("tags", "redis"));
        Assert.Equal(2, Redis.SeedStepsRun);
        Assert.False(Redis.StartedFromSnapshot);
    }

    [Fact(Timeout = 600_000)]
    public async Task A_test_database_is_flushed_without_touching_the_seeded_one()
    {
        fixture.SkipIfNoEngine();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.GetConnectionString(7));
        var db = connection.GetDatabase();
        Assert.Equal(7, db.Database);
        Assert.False(await db.KeyExistsAsync("greeting"));
        await db.StringSetAsync("scratch", "x");

        await Redis.FlushAsync(7, cancellationToken);

        Assert.False(await db.KeyExistsAsync("scratch"));
        Assert.Equal("hello world", (string?)await connection.GetDatabase(0).StringGetAsync("greeting"));
    }

    [Fact(Timeout = 600_000)]
    public async Task The_data_directory_is_outside_any_volume()
    {
        fixture.SkipIfNoEngine();
        var cancellationToken = TestContext.Current.CancellationToken;

        var dir = await Redis.Container.Exec("redis-cli", "CONFIG", "GET", "dir").StringAsync(cancellationToken);
        var user = await Redis.Container.Exec("stat", "-c", "%U", "/proc/1").StringAsync(cancellationToken);

        Assert.Equal($"dir\n{RedisModule.DataDirectory}", dir.Trim());
        Assert.Equal("redis", user.Trim());
        var image = (await Redis.Container.InspectAsync(cancellationToken)).Image;
        var config = (await Redis.Engine.InspectImageAsync(ImageReference.Parse(image), cancellationToken)).Raw.GetProperty("Config");
        Assert.False(
            config.TryGetProperty("Volumes", out var volumes) && volumes.ValueKind == System.Text.Json.JsonValueKind.Object && volumes.EnumerateObject().Any(),
            $"{image} declares volumes: {volumes}");
    }
}

/// <summary>Modules started inside the tests: password, snapshot, bad seeds, another image name, FLUSHALL.</summary>
public sealed class RedisModuleLifecycleSpecs
{
    [Fact(Timeout = 600_000)]
    public async Task With_a_password_clients_must_authenticate_and_the_password_is_in_no_log()
    {
        const string Password = "Pa55-w0rd!~_x9";
        var cancellationToken = TestContext.Current.CancellationToken;
        var records = new RecordingLoggerFactory();
        using var engineLog = RecordingLoggerFactory.RecordEngineLog(records);
        await using var redis = new RedisModule(new RedisOptions { Password = Password, Seeds = [RedisSeed.Commands("SET locked yes")] })
        {
            LoggerFactory = records,
        };
        await redis.StartAsync(cancellationToken);
        SkipIfNoEngine(redis);

        Assert.EndsWith($",password={Password}", redis.ConnectionString, StringComparison.Ordinal);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            Assert.Equal("yes", (string?)await connection.GetDatabase().StringGetAsync("locked"));
        }

        Assert.StartsWith("-NOAUTH", await SendAsync(redis.Host, redis.GetHostPort(RedisModule.Port), "PING\r\n", cancellationToken), StringComparison.Ordinal);
        await redis.FlushAsync(cancellationToken);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            Assert.False(await connection.GetDatabase().KeyExistsAsync("locked"));
        }

        var logs = await redis.Container.GetLogsAsync(cancellationToken);
        Assert.NotEmpty(records.Entries);
        Assert.Contains(records.Entries, e => e.Category.StartsWith("Ociman", StringComparison.Ordinal) && e.Message.Contains("exec", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(records.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, logs.StandardOutput + logs.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 600_000)]
    public async Task A_snapshot_is_committed_once_and_a_second_start_has_the_keys_without_seeding()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var name = ImageReference.Parse($"ociman-test/redis-snapshot-{Guid.NewGuid():N}");
        var options = new RedisOptions { Seeds = [RedisSeed.Commands("SET counter 41\nINCR counter\nSELECT 3\nSET other-db here")], SnapshotName = name };
        Engine? engine = null;
        ImageReference? snapshot = null;
        try
        {
            await using (var first = new RedisModule(options))
            {
                await first.StartAsync(cancellationToken);
                SkipIfNoEngine(first);
                engine = first.Engine;
                snapshot = first.SnapshotImage;
                Assert.False(first.StartedFromSnapshot);
                Assert.Equal(1, first.SeedStepsRun);
                Assert.Equal(name, first.SnapshotImage?.WithoutTag());
            }

            await using var second = new RedisModule(options);
            await second.StartAsync(cancellationToken);

            Assert.True(second.StartedFromSnapshot);
            Assert.Equal(0, second.SeedStepsRun);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(second.ConnectionString);
            Assert.Equal(42, (int)await connection.GetDatabase().StringGetAsync("counter"));
            Assert.Equal("here", (string?)await connection.GetDatabase(3).StringGetAsync("other-db"));
        }
        finally
        {
            if (engine is not null)
            {
                // The exact reference first: Podman's API names a commit docker.io/…, which a listing by name may not show.
                if (snapshot is not null && await engine.ImageExistsAsync(snapshot, CancellationToken.None))
                {
                    await engine.RemoveImageAsync(snapshot, force: true, CancellationToken.None);
                }

                foreach (var image in await engine.ListImagesAsync(name, CancellationToken.None))
                {
                    await engine.RemoveImageAsync(image, force: true, CancellationToken.None);
                }

                Assert.False(snapshot is not null && await engine.ImageExistsAsync(snapshot, CancellationToken.None), $"{snapshot} is left");
            }
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task A_seed_command_Redis_rejects_fails_the_start_with_Redis_error()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var redis = new RedisModule(new RedisOptions { Seeds = [RedisSeed.Commands("SET name x\nLPUSH name y\n")] });

        var error = await Record.ExceptionAsync(() => redis.StartAsync(cancellationToken));
        SkipIfNoEngine(redis);

        var failed = Assert.IsType<SeedFailedException>(error);
        Assert.Contains("WRONGTYPE", failed.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 600_000)]
    public async Task Options_Image_runs_another_image_the_kit_image_under_another_name()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAvailabilityAsync(cancellationToken);
        Assert.SkipWhen(engine.ShouldSkip, engine.Reason ?? "no engine");
        var kit = await OfflineImages.RedisAsync(engine.GetEngineOrThrow(), cancellationToken);
        var alias = ImageReference.Parse("ociman-test/redis-upstream-stand-in").WithTag(Guid.NewGuid().ToString("N"));
        await engine.GetEngineOrThrow().TagImageAsync(kit, alias, cancellationToken);
        try
        {
            await using var redis = new RedisModule(new RedisOptions { Image = alias, Password = "other-image", Seeds = [RedisSeed.Commands("SET from alias")] });
            await redis.StartAsync(cancellationToken);

            Assert.Equal(alias.ToString(), (await redis.Container.InspectAsync(cancellationToken)).Image);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            Assert.Equal("alias", (string?)await connection.GetDatabase().StringGetAsync("from"));
        }
        finally
        {
            await engine.GetEngineOrThrow().RemoveImageAsync(alias, cancellationToken: CancellationToken.None);
        }
    }

    private static void SkipIfNoEngine(RedisModule module) =>
        Assert.SkipWhen(module.Availability is { ShouldSkip: true }, module.Availability?.Reason ?? "no engine");

    private static async Task<string> SendAsync(string host, int port, string command, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, cancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cancellationToken);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
