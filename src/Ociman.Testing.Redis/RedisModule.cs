using System.Globalization;
using Ociman.Images;

namespace Ociman.Testing.Redis;

/// <summary>A Redis container for tests: started once, ready when <c>redis-cli ping</c> answers, seeded (or started from its snapshot).</summary>
/// <remarks>
/// <para>
/// Framework-neutral: use it through <c>ModuleFixture&lt;RedisModule&gt;</c> (xUnit v2 and v3) or
/// <c>ContainerTestFixture&lt;RedisModule&gt;</c> (NUnit). Configure it by deriving:
/// <c>public sealed class Cache() : RedisModule(new RedisOptions { Password = "s3cret" });</c>
/// </para>
/// <para>
/// The server keeps its data in <see cref="DataDirectory"/> (outside any volume, on the kit's image and on upstream
/// images alike) and saves it to <c>dump.rdb</c> when the container is stopped gracefully, so a snapshot committed after
/// seeding holds the seeded keys. Redis has 16 databases (0–15); seeds write to database 0 unless they <c>SELECT</c>
/// another. For isolation between tests, give each test (class) its own database with
/// <see cref="GetConnectionString(int)"/> and empty it with <see cref="FlushAsync(int, CancellationToken)"/>, leaving
/// the seeded database alone; <see cref="FlushAsync(CancellationToken)"/> empties every database, seeded data included.
/// </para>
/// </remarks>
public class RedisModule : ContainerFixtureBase
{
    /// <summary>The port Redis listens on in the container (published on a free host port).</summary>
    public const int Port = OfflineImages.RedisPort;

    /// <summary>The directory the server keeps its data in (<c>dump.rdb</c>); it is outside any volume, so snapshots keep it.</summary>
    public const string DataDirectory = "/var/lib/ociman-redis";

    /// <summary>How many databases the server has (numbered 0 to 15).</summary>
    public const int DatabaseCount = 16;

    // Run as the image's command, as root (the entrypoint of the kit's and the official images runs any command other
    // than redis-server as given): make the data directory, give it to the redis user, then run redis-server as that
    // user with its configuration read from standard input, so the password (from the environment) is on no command
    // line. The server is PID 1 (exec), so a graceful stop's SIGTERM reaches it and it saves dump.rdb first.
    internal static readonly string StartScript = $$"""
        set -eu
        mkdir -p {{DataDirectory}}
        cd {{DataDirectory}}
        set --
        if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then
            chown redis {{DataDirectory}}
            if command -v setpriv >/dev/null 2>&1; then set -- setpriv --reuid=redis --regid=redis --init-groups
            elif command -v gosu >/dev/null 2>&1; then set -- gosu redis
            elif command -v su-exec >/dev/null 2>&1; then set -- su-exec redis
            fi
        fi
        auth=
        if [ -n "${REDISCLI_AUTH:-}" ]; then auth="requirepass \"$REDISCLI_AUTH\""; fi
        exec "$@" redis-server - <<EOF
        port {{Port}}
        bind * -::*
        protected-mode no
        daemonize no
        logfile ""
        dir {{DataDirectory}}
        save 3600 1
        appendonly no
        $auth
        EOF
        """;

    private const string PasswordVariable = "REDISCLI_AUTH";

    /// <summary>Creates a module with the default options (the kit's image, no password, no seeds, no snapshot).</summary>
    public RedisModule()
        : this(new RedisOptions())
    {
    }

    /// <summary>Creates a module with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it, the bad value and what is allowed).</exception>
    public RedisModule(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options the module was created with.</summary>
    public RedisOptions Options { get; }

    /// <summary>A StackExchange.Redis configuration string for database 0: <c>host:port</c>, with <c>,password=…</c> when a password is set.</summary>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public override string ConnectionString => Render(Host, GetHostPort(Port), Options.Password, database: null);

    /// <summary>A StackExchange.Redis configuration string whose default database is <paramref name="database"/> (<c>,defaultDatabase=N</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="database"/> is not between 0 and 15.</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public string GetConnectionString(int database)
    {
        CheckDatabase(database);
        return Render(Host, GetHostPort(Port), Options.Password, database);
    }

    /// <summary>Empties every database (<c>FLUSHALL</c>), seeded data included.</summary>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    /// <exception cref="ExecFailedException">Redis did not answer OK.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => RunCliAsync(["FLUSHALL"], cancellationToken);

    /// <summary>Empties database <paramref name="database"/> (<c>FLUSHDB</c>), leaving the others alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="database"/> is not between 0 and 15.</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    /// <exception cref="ExecFailedException">Redis did not answer OK.</exception>
    public Task FlushAsync(int database, CancellationToken cancellationToken = default)
    {
        CheckDatabase(database);
        return RunCliAsync(["-n", database.ToString(CultureInfo.InvariantCulture), "FLUSHDB"], cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ImageReference image;
        if (Options.Image is { } chosen)
        {
            await engine.PullIfAbsentAsync(chosen, cancellationToken).ConfigureAwait(false);
            image = chosen;
        }
        else
        {
            image = await OfflineImages.RedisAsync(engine, cancellationToken).ConfigureAwait(false);
        }

        var definition = ContainerDefinition.For(image)
            .WithPublishedPort(Port)
            .WithArguments("sh", "-c", StartScript, "ociman-redis");
        if (Options.Password is { } password)
        {
            definition = definition.WithEnvironment(PasswordVariable, password);
        }

        var setup = new ContainerSetup(definition)
            .WaitFor(Ready.TcpPort(Port), new PingCheck())
            .SeedWith(Options.Seeds);
        return Options.SnapshotName is { } name ? setup with { SnapshotName = name } : setup;
    }

    /// <summary>Renders a StackExchange.Redis configuration string.</summary>
    internal static string Render(string host, int port, string? password, int? database)
    {
        // An IPv6 literal needs brackets before the port.
        var endpoint = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
        var text = password is null ? endpoint : $"{endpoint},password={password}";
        return database is { } number ? string.Create(CultureInfo.InvariantCulture, $"{text},defaultDatabase={number}") : text;
    }

    private static void CheckDatabase(int database, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(database))] string? name = null)
    {
        if (database is < 0 or >= DatabaseCount)
        {
            throw new ArgumentOutOfRangeException(name, database, $"Redis database {database} does not exist: databases are numbered 0 to {DatabaseCount - 1}.");
        }
    }

    private async Task RunCliAsync(string[] arguments, CancellationToken cancellationToken)
    {
        // The container's REDISCLI_AUTH (set when there is a password) authenticates redis-cli: nothing secret is passed here.
        var container = Container;
        var result = await container.Exec("redis-cli", arguments).ResultAsync(cancellationToken).ConfigureAwait(false);
        var output = result.StandardOutputText;
        if (!result.Succeeded || output.Trim() != "OK")
        {
            // redis-cli exits with 0 even when Redis answers with an error, so the answer itself decides.
            var command = $"redis-cli {string.Join(' ', arguments)}";
            throw new ExecFailedException(
                $"`{command}` in {container} did not answer OK (exit code {result.ExitCode}): {output.Trim()} {result.StandardError.Trim()}".TrimEnd(),
                container.Engine.Kind,
                container.Id,
                command,
                result.ExitCode,
                output,
                result.StandardError);
        }
    }

    /// <summary><c>redis-cli ping</c> in the container answers <c>PONG</c> (not <c>LOADING</c> or <c>NOAUTH</c>).</summary>
    private sealed class PingCheck : ReadinessCheck
    {
        public override string Description => "`redis-cli ping` answers PONG in the container";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            var result = await context.Container.Exec("redis-cli", "ping").ResultAsync(cancellationToken).ConfigureAwait(false);
            return result.Succeeded && result.StandardOutputText.Trim() == "PONG";
        }
    }
}
