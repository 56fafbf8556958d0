using System.Diagnostics;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace Ociman.Images.Tests;

[Collection(KitCollection.Name)]
public sealed class MariaDbSpecs(KitFixture fx, ITestOutputHelper output)
{
    private const string RootPassword = "kit-root-'Ø1\\";

    [Fact(Timeout = 1_200_000)]
    public async Task A_seeded_MariaDB_container_answers_over_exec_and_TCP_and_its_snapshot_keeps_the_data()
    {
        var image = await MariaDbAsync();
        var snapshot = ImageReference.Parse("ociman-kit-test/mariadb-snapshot").WithTag(fx.RunId);
        try
        {
            await using (var seeded = await fx.Engine.RunDetachedAsync(Definition(image).WithEnvironment("MARIADB_DATABASE", "shop").WithAutoRemove(false)))
            {
                await WaitUntilReadyAsync(seeded);

                // root over the Unix socket: no password on the command line or in the environment.
                await seeded.Exec("mariadb", "-uroot", "shop").WithStandardInput("CREATE TABLE t(x int); INSERT INTO t VALUES (42);").StatusAsync();
                Assert.Equal("42", (await seeded.Exec("mariadb", "-uroot", "-N", "-B", "shop", "-e", "select x from t").StringAsync()).Trim());

                // root over TCP needs the password.
                var tcp = seeded.Exec("mariadb", "-h127.0.0.1", "-uroot", "-N", "-B", "-e", "select current_user()");
                Assert.Equal("root@%", (await tcp.WithEnvironment("MYSQL_PWD", RootPassword).StringAsync()).Trim());
                Assert.NotEqual(0, (await tcp.WithEnvironment("MYSQL_PWD", "wrong").ResultAsync()).ExitCode);

                var port = await seeded.GetHostPortAsync(OfflineImages.MariaDbPort);
                using (var client = new TcpClient())
                {
                    await client.ConnectAsync("127.0.0.1", port);
                    Assert.True(client.Connected);
                }

                await seeded.StopAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, await seeded.GetExitCodeAsync());
                await seeded.CommitAsync(snapshot);
            }

            await using var restored = await fx.Engine.RunDetachedAsync(Definition(snapshot, rootPassword: null));
            await WaitUntilReadyAsync(restored);
            Assert.Equal("42", (await restored.Exec("mariadb", "-uroot", "-N", "-B", "shop", "-e", "select x from t").StringAsync()).Trim());
        }
        finally
        {
            if (await fx.Engine.ImageExistsAsync(snapshot))
            {
                await fx.Engine.RemoveImageAsync(snapshot, force: true);
            }
        }
    }

    [Fact(Timeout = 1_200_000)]
    public async Task MYSQL_names_make_a_user_who_owns_the_database_and_logs_in_over_TCP_with_the_password()
    {
        var image = await MariaDbAsync();
        var definition = ContainerDefinition.For(image)
            .WithLabel(KitFixture.RunLabel, fx.RunId)
            .WithEnvironment("MYSQL_ROOT_PASSWORD", RootPassword)
            .WithEnvironment("MYSQL_DATABASE", "app-db")
            .WithEnvironment("MYSQL_USER", "app")
            .WithEnvironment("MYSQL_PASSWORD", "app-secret");

        await fx.Engine.WithContainerAsync(definition, async container =>
        {
            await WaitUntilReadyAsync(container);
            var login = container.Exec("mariadb", "-h127.0.0.1", "-uapp", "-N", "-B", "app-db", "-e", "create table t(x int); select concat(current_user(), ' ', database())");

            Assert.Equal("app@% app-db", (await login.WithEnvironment("MYSQL_PWD", "app-secret").StringAsync()).Trim());
            var wrong = await login.WithEnvironment("MYSQL_PWD", "wrong").ResultAsync();
            Assert.Contains("Access denied", wrong.StandardError, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 1_200_000)]
    public async Task Without_a_root_password_setting_the_container_exits_and_says_why()
    {
        var image = await MariaDbAsync();

        var result = await fx.Engine.RunAsync(Definition(image, rootPassword: null));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MARIADB_ROOT_PASSWORD is not set", result.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = 1_200_000)]
    public async Task A_random_root_password_is_printed_and_works()
    {
        var image = await MariaDbAsync();
        var definition = Definition(image, rootPassword: null).WithEnvironment("MARIADB_RANDOM_ROOT_PASSWORD", "1");

        await fx.Engine.WithContainerAsync(definition, async container =>
        {
            await WaitUntilReadyAsync(container);
            var logs = await container.GetLogsAsync();
            var line = logs.StandardOutput.Split('\n').Single(l => l.Contains("GENERATED ROOT PASSWORD: ", StringComparison.Ordinal));
            var password = line[(line.IndexOf("PASSWORD: ", StringComparison.Ordinal) + 10)..].Trim();

            var result = await container.Exec("mariadb", "-h127.0.0.1", "-uroot", "-N", "-B", "-e", "select 7").WithEnvironment("MYSQL_PWD", password).StringAsync();
            Assert.Equal("7", result.Trim());
        });
    }

    [Fact(Timeout = 1_200_000)]
    public async Task An_allowed_empty_root_password_lets_root_in_over_TCP_without_one()
    {
        var image = await MariaDbAsync();
        var definition = Definition(image, rootPassword: null).WithEnvironment("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1");

        await fx.Engine.WithContainerAsync(definition, async container =>
        {
            await WaitUntilReadyAsync(container);
            var result = await container.Exec("mariadb", "-h127.0.0.1", "-uroot", "-N", "-B", "-e", "select current_user()").StringAsync();
            Assert.Equal("root@%", result.Trim());
        });
    }

    [Fact(Timeout = 1_200_000)]
    public async Task The_image_health_check_reports_healthy()
    {
        var image = await MariaDbAsync();
        var inspection = await fx.Engine.InspectImageAsync(image);
        output.WriteLine($"{fx.Engine.Kind}: {image} size {inspection.Size / 1_000_000.0:F1} MB");
        Assert.True(inspection.HasHealthCheck);

        await fx.Engine.WithContainerAsync(Definition(image), async container =>
        {
            var started = Stopwatch.StartNew();
            string? health = null;
            while (started.Elapsed < TimeSpan.FromSeconds(90) && (health = await container.GetHealthAsync()) != "healthy")
            {
                await Task.Delay(200);
            }

            Assert.Equal("healthy", health);
        });
    }

    [Fact(Timeout = 1_200_000)]
    public async Task OCIMAN_MARIADB_IMAGE_replaces_the_built_image()
    {
        var built = await MariaDbAsync();
        var previous = Environment.GetEnvironmentVariable(OfflineImages.MariaDbImageVariable);
        var alias = ImageReference.Parse("ociman-kit-test/mariadb-alias").WithTag(fx.RunId);
        await fx.Engine.TagImageAsync(built, alias);
        try
        {
            Environment.SetEnvironmentVariable(OfflineImages.MariaDbImageVariable, alias.ToString());
            Assert.Equal(alias, await OfflineImages.MariaDbAsync(fx.Engine));

            Environment.SetEnvironmentVariable(OfflineImages.MariaDbImageVariable, "Not A Reference");
            await Assert.ThrowsAsync<FormatException>(() => OfflineImages.MariaDbAsync(fx.Engine));
        }
        finally
        {
            Environment.SetEnvironmentVariable(OfflineImages.MariaDbImageVariable, previous);
            await fx.Engine.RemoveImageAsync(alias);
        }
    }

    private async Task<ImageReference> MariaDbAsync()
    {
        await fx.DebianAsync();
        var stopwatch = Stopwatch.StartNew();
        var image = await OfflineImages.MariaDbAsync(fx.Engine);
        output.WriteLine($"{fx.Engine.Kind}: MariaDbAsync {stopwatch.Elapsed.TotalSeconds:F1} s -> {image}");
        return image;
    }

    private ContainerDefinition Definition(ImageReference image, string? rootPassword = RootPassword)
    {
        var definition = ContainerDefinition.For(image)
            .WithLabel(KitFixture.RunLabel, fx.RunId)
            .WithPublishedPort(OfflineImages.MariaDbPort);
        return rootPassword is null ? definition : definition.WithEnvironment("MARIADB_ROOT_PASSWORD", rootPassword);
    }

    private static async Task WaitUntilReadyAsync(Container container)
    {
        var deadline = Stopwatch.StartNew();
        ExecResult? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            last = await container.Exec("mariadb-admin", "-uroot", "ping").ResultAsync();
            if (last.Succeeded)
            {
                return;
            }

            await Task.Delay(200);
        }

        var logs = await container.GetLogsAsync();
        throw new TimeoutException($"MariaDB was not ready after 90 s: {last?.StandardError.Trim()}{Environment.NewLine}Log:{Environment.NewLine}{logs.StandardOutput}{logs.StandardError}");
    }
}
