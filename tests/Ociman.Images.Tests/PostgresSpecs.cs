using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace Ociman.Images.Tests;

[Collection(KitCollection.Name)]
public sealed class PostgresSpecs(KitFixture fx, ITestOutputHelper output)
{
    private const string Password = "kit-secret-Ø1";

    [Fact(Timeout = 900_000)]
    public async Task A_seeded_Postgres_container_answers_over_exec_and_TCP_and_its_snapshot_keeps_the_data()
    {
        var image = await fx.PostgresAsync();
        output.WriteLine($"{fx.Engine.Kind}: DebianBaseAsync first call {fx.DebianFirstCall?.TotalSeconds:F1} s, PostgresAsync first call {fx.PostgresFirstCall?.TotalSeconds:F1} s -> {image}");
        var snapshot = ImageReference.Parse("ociman-kit-test/pg-snapshot").WithTag(fx.RunId);
        try
        {
            var started = Stopwatch.StartNew();
            await using (var seeded = await fx.Engine.RunDetachedAsync(Definition(image).WithAutoRemove(false)))
            {
                await WaitUntilReadyAsync(seeded);
                output.WriteLine($"{fx.Engine.Kind}: fresh container start-to-ready {started.ElapsedMilliseconds} ms");

                await seeded.Exec("psql", "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", "postgres")
                    .WithStandardInput("CREATE TABLE t(x int); INSERT INTO t VALUES (42);")
                    .StatusAsync();
                Assert.Equal("42", (await seeded.Exec("psql", "-U", "postgres", "-d", "postgres", "-tAc", "select x from t").StringAsync()).Trim());

                var port = await seeded.GetHostPortAsync(OfflineImages.PostgresPort);
                using (var tcp = new TcpClient())
                {
                    await tcp.ConnectAsync("127.0.0.1", port);
                    Assert.True(tcp.Connected);
                }

                await seeded.Exec("psql", "-U", "postgres", "-d", "postgres", "-c", "CHECKPOINT").StatusAsync();
                await seeded.StopAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, await seeded.GetExitCodeAsync());
                await seeded.CommitAsync(snapshot);
            }

            started.Restart();
            await using (var restored = await fx.Engine.RunDetachedAsync(Definition(snapshot, password: null)))
            {
                await WaitUntilReadyAsync(restored);
                output.WriteLine($"{fx.Engine.Kind}: snapshot start-to-ready {started.ElapsedMilliseconds} ms");

                Assert.Equal("42", (await restored.Exec("psql", "-U", "postgres", "-d", "postgres", "-tAc", "select x from t").StringAsync()).Trim());
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
    public async Task POSTGRES_USER_and_POSTGRES_DB_make_a_user_who_logs_in_over_TCP_with_the_password()
    {
        var image = await fx.PostgresAsync();
        var definition = Definition(image).WithEnvironment("POSTGRES_USER", "app").WithEnvironment("POSTGRES_DB", "appdb");

        await fx.Engine.WithContainerAsync(definition, async container =>
        {
            await WaitUntilReadyAsync(container);
            var tcp = container.Exec("psql", "host=127.0.0.1 user=app dbname=appdb", "-tAc", "select current_user || '@' || current_database()");

            Assert.Equal("app@appdb", (await tcp.WithEnvironment("PGPASSWORD", Password).StringAsync()).Trim());
            var wrong = await tcp.WithEnvironment("PGPASSWORD", "wrong").ResultAsync();
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Contains("password authentication failed", wrong.StandardError, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 900_000)]
    public async Task Without_POSTGRES_PASSWORD_the_container_exits_and_says_why()
    {
        var image = await fx.PostgresAsync();

        var result = await fx.Engine.RunAsync(Definition(image, password: null));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD is not set", result.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 900_000)]
    public async Task The_image_health_check_reports_healthy()
    {
        var image = await fx.PostgresAsync();
        var inspection = await fx.Engine.InspectImageAsync(image);
        var declared = inspection.HasHealthCheck;
        output.WriteLine($"{fx.Engine.Kind}: image health check kept: {declared}; size {inspection.Size / 1_000_000.0:F1} MB");
        // Ociman builds Docker-format images on Podman too, so the HEALTHCHECK is kept on both engines.
        Assert.True(declared);
        await fx.Engine.WithContainerAsync(Definition(image), async container =>
        {
            var started = Stopwatch.StartNew();
            string? health = null;
            while (started.Elapsed < TimeSpan.FromSeconds(60) && (health = await container.GetHealthAsync()) != "healthy")
            {
                await Task.Delay(200);
            }

            output.WriteLine($"{fx.Engine.Kind}: healthy after {started.ElapsedMilliseconds} ms");
            Assert.Equal("healthy", health);
        });
    }

    [Fact(Timeout = 900_000)]
    public async Task A_second_PostgresAsync_call_returns_the_same_image_and_builds_nothing()
    {
        var first = await fx.PostgresAsync();
        var before = await fx.Engine.InspectImageAsync(first);
        var logged = fx.Logs.Entries.Count;

        var stopwatch = Stopwatch.StartNew();
        var second = await OfflineImages.PostgresAsync(fx.Engine);
        var warm = stopwatch.Elapsed;
        output.WriteLine($"{fx.Engine.Kind}: PostgresAsync warm call {warm.TotalMilliseconds:F0} ms");

        var after = await fx.Engine.InspectImageAsync(second);
        var newEntries = fx.Logs.Entries.Skip(logged).ToList();
        Assert.Equal(first, second);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Created, after.Created);
        Assert.DoesNotContain(newEntries, e => e.EventId.Id == 1300);
        Assert.Contains(newEntries, e => e.EventId.Id == 1302);
        Assert.True(warm < TimeSpan.FromSeconds(10), $"The warm call took {warm}.");
    }

    [Fact(Timeout = 900_000)]
    public async Task OCIMAN_POSTGRES_IMAGE_replaces_the_built_image()
    {
        var built = await fx.PostgresAsync();
        var previous = Environment.GetEnvironmentVariable(OfflineImages.PostgresImageVariable);
        try
        {
            // A local image stands in for a registry one: it is present, so nothing is pulled.
            var alias = ImageReference.Parse("ociman-kit-test/postgres-alias").WithTag(fx.RunId);
            await fx.Engine.TagImageAsync(built, alias);
            try
            {
                Environment.SetEnvironmentVariable(OfflineImages.PostgresImageVariable, alias.ToString());
                var logged = fx.Logs.Entries.Count;

                Assert.Equal(alias, await OfflineImages.PostgresAsync(fx.Engine));
                Assert.DoesNotContain(fx.Logs.Entries.Skip(logged), e => e.EventId.Id is 1300 or 1302);

                Environment.SetEnvironmentVariable(OfflineImages.PostgresImageVariable, "Not A Reference");
                await Assert.ThrowsAsync<FormatException>(() => OfflineImages.PostgresAsync(fx.Engine));
            }
            finally
            {
                await fx.Engine.RemoveImageAsync(alias);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(OfflineImages.PostgresImageVariable, previous);
        }
    }

    private ContainerDefinition Definition(ImageReference image, string? password = Password)
    {
        var definition = ContainerDefinition.For(image)
            .WithLabel(KitFixture.RunLabel, fx.RunId)
            .WithPublishedPort(OfflineImages.PostgresPort);
        return password is null ? definition : definition.WithEnvironment("POSTGRES_PASSWORD", password);
    }

    private static async Task WaitUntilReadyAsync(Container container)
    {
        var deadline = Stopwatch.StartNew();
        ExecResult? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            last = await container.Exec("pg_isready", "-h", "127.0.0.1").ResultAsync();
            if (last.Succeeded)
            {
                return;
            }

            await Task.Delay(100);
        }

        var logs = await container.GetLogsAsync();
        throw new TimeoutException($"PostgreSQL was not ready after 60 s: {last?.StandardOutputText.Trim()} {last?.StandardError.Trim()}{Environment.NewLine}Log:{Environment.NewLine}{logs.StandardOutput}{logs.StandardError}");
    }
}
