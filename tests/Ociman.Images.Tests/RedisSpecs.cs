using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace Ociman.Images.Tests;

[Collection(KitCollection.Name)]
public sealed class RedisSpecs(KitFixture fx, ITestOutputHelper output)
{
    [Fact(Timeout = 900_000)]
    public async Task A_Redis_container_runs_as_redis_answers_over_TCP_and_its_snapshot_keeps_the_data()
    {
        var image = await fx.RedisAsync();
        var inspection = await fx.Engine.InspectImageAsync(image);
        output.WriteLine($"{fx.Engine.Kind}: {image} is {inspection.Size / 1_000_000.0:F1} MB");
        var snapshot = ImageReference.Parse("ociman-kit-test/redis-snapshot").WithTag(fx.RunId);
        try
        {
            await using (var seeded = await fx.Engine.RunDetachedAsync(Definition(image).WithAutoRemove(false)))
            {
                await WaitUntilReadyAsync(seeded);
                Assert.Equal("OK", (await seeded.Exec("redis-cli", "SET", "kit:key", "42").StringAsync()).Trim());
                Assert.Equal("redis", (await seeded.Exec("sh", "-c", "ps -o user= -p 1 2>/dev/null || stat -c %U /proc/1").StringAsync()).Trim());

                // From the host, through the published port: protected mode is off and the server binds all addresses.
                var port = await seeded.GetHostPortAsync(OfflineImages.RedisPort);
                Assert.Equal("$2\r\n42\r\n", await SendAsync(port, "GET kit:key\r\n", 8));

                // SIGTERM: with save points configured (Redis' default), the server writes dump.rdb before it exits.
                await seeded.StopAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, await seeded.GetExitCodeAsync());
                await seeded.CommitAsync(snapshot);
            }

            await using (var restored = await fx.Engine.RunDetachedAsync(Definition(snapshot)))
            {
                await WaitUntilReadyAsync(restored);
                Assert.Equal("42", (await restored.Exec("redis-cli", "GET", "kit:key").StringAsync()).Trim());
                Assert.Contains(
                    OfflineImages.RedisDataDirectory + "/dump.rdb",
                    await restored.Exec("sh", "-c", "ls " + OfflineImages.RedisDataDirectory + "/dump.rdb").StringAsync(),
                    StringComparison.Ordinal);
            }
        }
        finally
        {
            if (await fx.Engine.ImageExistsAsync(snapshot))
            {
                await fx.Engine.RemoveImageAsync(snapshot, force: true);
            }
        }
    }

    [Fact(Timeout = 900_000)]
    public async Task Arguments_starting_with_a_dash_reach_redis_server()
    {
        var image = await fx.RedisAsync();
        var definition = Definition(image).WithArguments("--requirepass", "kit-secret", "--dir", "/tmp");

        await fx.Engine.WithContainerAsync(definition, async container =>
        {
            await WaitUntilReadyAsync(container, "kit-secret");
            var denied = await container.Exec("redis-cli", "GET", "x").StringAsync();
            Assert.Contains("NOAUTH", denied, StringComparison.Ordinal);
            var dir = await container.Exec("redis-cli", "CONFIG", "GET", "dir").WithEnvironment("REDISCLI_AUTH", "kit-secret").StringAsync();
            Assert.Equal("dir\n/tmp", dir.Trim());
        });
    }

    [Fact(Timeout = 900_000)]
    public async Task Any_other_command_runs_as_given()
    {
        var image = await fx.RedisAsync();

        var result = await fx.Engine.RunAsync(ContainerDefinition.For(image).WithLabel(KitFixture.RunLabel, fx.RunId).WithArguments("redis-cli", "--version"));
        var version = await fx.Engine.RunAsync(ContainerDefinition.For(image).WithLabel(KitFixture.RunLabel, fx.RunId).WithArguments("--version"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("redis-cli 7.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("Redis server v=7.", version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = 900_000)]
    public async Task OCIMAN_REDIS_IMAGE_replaces_the_built_image()
    {
        var built = await fx.RedisAsync();
        var previous = Environment.GetEnvironmentVariable(OfflineImages.RedisImageVariable);
        var alias = ImageReference.Parse("ociman-kit-test/redis-alias").WithTag(fx.RunId);
        await fx.Engine.TagImageAsync(built, alias);
        try
        {
            Environment.SetEnvironmentVariable(OfflineImages.RedisImageVariable, alias.ToString());
            Assert.Equal(alias, await OfflineImages.RedisAsync(fx.Engine));

            Environment.SetEnvironmentVariable(OfflineImages.RedisImageVariable, "Not A Reference");
            var error = await Assert.ThrowsAsync<FormatException>(() => OfflineImages.RedisAsync(fx.Engine));
            Assert.Contains(OfflineImages.RedisImageVariable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(OfflineImages.RedisImageVariable, previous);
            await fx.Engine.RemoveImageAsync(alias);
        }
    }

    private ContainerDefinition Definition(ImageReference image) =>
        ContainerDefinition.For(image).WithLabel(KitFixture.RunLabel, fx.RunId).WithPublishedPort(OfflineImages.RedisPort);

    private static async Task<string> SendAsync(int port, string command, int expectedBytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        var buffer = new byte[expectedBytes];
        var read = 0;
        while (read < expectedBytes)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task WaitUntilReadyAsync(Container container, string? password = null)
    {
        var deadline = Stopwatch.StartNew();
        ExecResult? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var ping = container.Exec("redis-cli", "ping");
            last = await (password is null ? ping : ping.WithEnvironment("REDISCLI_AUTH", password)).ResultAsync();
            if (last.StandardOutputText.Trim() == "PONG")
            {
                return;
            }

            await Task.Delay(100);
        }

        var logs = await container.GetLogsAsync();
        throw new TimeoutException($"Redis was not ready after 60 s: {last?.StandardOutputText.Trim()} {last?.StandardError.Trim()}{Environment.NewLine}Log:{Environment.NewLine}{logs.StandardOutput}{logs.StandardError}");
    }
}
