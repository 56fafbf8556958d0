using System.Diagnostics;
using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Ociman.Images;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>What every benchmark shares: the engine (OCIMAN_BACKEND), the kit's images, and the bare CLI.</summary>
public static class BenchEnvironment
{
    /// <summary>The label on every container the benchmarks start (all three peers), so leftovers can be found.</summary>
    public const string BenchLabel = "io.ociman.bench";

    /// <summary>The container command: prints "ready", then PID 1 becomes a plain <c>sleep</c>, which ignores SIGTERM, as users' containers do.</summary>
    public static readonly string[] BusyBoxCommand = ["sh", "-c", "echo ready; exec sleep 3600"];

    public const string PostgresPassword = "bench";

    /// <summary>The schema and a few thousand rows: 2,000 customers and 5,000 orders.</summary>
    public const string SeedSql = """
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, created timestamptz NOT NULL DEFAULT now());
        CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL);
        INSERT INTO customers (id, name, email) SELECT g, 'customer ' || g, 'c' || g || '@example.test' FROM generate_series(1, 2000) g;
        INSERT INTO orders (id, customer_id, total) SELECT g, 1 + (g % 2000), (g % 500) + 0.99 FROM generate_series(1, 5000) g;
        CREATE INDEX orders_customer ON orders (customer_id);
        """;

    public const string CountQuery = "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id";

    public const long ExpectedCount = 5000;

    public static readonly string[] PsqlArguments = ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-q", "-U", "postgres", "-d", "postgres"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Engine? _engine;
    private static Engine? _cliEngine;
    private static ImageReference? _busyBox;
    private static ImageReference? _postgres;

    /// <summary>The logger factory of the CLI-transport engine (the profile records its processes through it); set before initialising.</summary>
    public static Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>Every bare-CLI process started, with its duration (for the profile).</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<(string CommandLine, long Milliseconds)> BareCommands { get; } = new();

    /// <summary>
    /// The engine the fixtures use (Ociman.Testing's shared engine): its transport is what <c>OCIMAN_TRANSPORT</c> says
    /// (<c>eng/bench.sh</c> sets <c>api</c>, so the "Ociman" peer is the API transport on both engines).
    /// </summary>
    public static Engine Engine => _engine ?? throw new InvalidOperationException("BenchEnvironment.InitializeAsync was not called.");

    /// <summary>The same engine through the CLI transport: the "OcimanCli" peer, so both transports are measured in one run.</summary>
    public static Engine CliEngine => _cliEngine ?? throw new InvalidOperationException("BenchEnvironment.InitializeAsync was not called.");

    /// <summary>The kit's BusyBox image as the engine names it (Podman: with <c>localhost/</c>).</summary>
    public static ImageReference BusyBox => _busyBox ?? throw new InvalidOperationException("not initialised");

    public static ImageReference Postgres => _postgres ?? throw new InvalidOperationException("not initialised");

    /// <summary>The CLI executable the bare-CLI peer runs (the same one Ociman runs).</summary>
    public static string Executable => Engine.ExecutablePath;

    public static string EngineName => Engine.Kind == EngineKind.Docker ? "docker" : "podman";

    /// <summary>The build context of the kit's BusyBox image (a Dockerfile and the static binary).</summary>
    public static string BusyBoxContext => Path.Combine(OfflineImages.CacheDirectory, "contexts", "busybox");

    /// <summary>Whether the Testcontainers methods run: always on Docker; on Podman when OCIMAN_BENCH_TESTCONTAINERS=1 (API socket in DOCKER_HOST).</summary>
    public static bool TestcontainersEnabled =>
        (Environment.GetEnvironmentVariable("OCIMAN_BACKEND") ?? "docker") == "docker"
        || Environment.GetEnvironmentVariable("OCIMAN_BENCH_TESTCONTAINERS") == "1";

    /// <summary>The image name for Testcontainers: Podman's local images need the full <c>localhost/</c> name.</summary>
    public static string ForTestcontainers(ImageReference image)
    {
        var text = image.ToString();
        return Engine.Kind == EngineKind.Podman && !text.StartsWith("localhost/", StringComparison.Ordinal) ? "localhost/" + text : text;
    }

    /// <summary>Detects the engine once (through Ociman.Testing's shared engine) and ensures the kit's images.</summary>
    public static async Task InitializeAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_engine is not null)
            {
                return;
            }

            var engine = await TestEngine.GetAsync().ConfigureAwait(false);
            _busyBox = await OfflineImages.BusyBoxAsync(engine).ConfigureAwait(false);
            _postgres = await OfflineImages.PostgresAsync(engine).ConfigureAwait(false);
            _cliEngine = engine.Transport == EngineTransport.Cli
                ? engine
                : await Engine.ConnectAsync(engine.Kind, new EngineOptions { Transport = EngineTransport.Cli, LoggerFactory = LoggerFactory }).ConfigureAwait(false);
            _engine = engine;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static void Initialize() => InitializeAsync().GetAwaiter().GetResult();

    /// <summary>The bare CLI: one process, exactly as typed by hand; throws on a non-zero exit.</summary>
    public static async Task<string> CliAsync(params string[] arguments)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await Cli.Wrap(Executable)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync()
            .ConfigureAwait(false);
        BareCommands.Enqueue((Executable + " " + string.Join(' ', arguments), stopwatch.ElapsedMilliseconds));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Executable} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    /// <summary>Runs the bare CLI and times it (for the profile).</summary>
    public static async Task<(string Output, double Milliseconds)> TimedCliAsync(params string[] arguments)
    {
        var stopwatch = Stopwatch.StartNew();
        var output = await CliAsync(arguments).ConfigureAwait(false);
        return (output, stopwatch.Elapsed.TotalMilliseconds);
    }

    public static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];

    /// <summary>
    /// The bare CLI's forced removal as a user who knows the engine types it: Podman 4's <c>rm -f</c> waits 10 s for a
    /// main process that ignores SIGTERM unless given <c>-t 0</c>; Docker's kills at once.
    /// </summary>
    public static string[] ForceRemove(params string[] ids) =>
        Engine.Kind == EngineKind.Podman ? ["container", "rm", "-f", "-t", "0", .. ids] : ["container", "rm", "-f", .. ids];

    /// <summary>A container definition for the kit's BusyBox image, labelled as a benchmark container, running <paramref name="command"/> (by default <see cref="BusyBoxCommand"/>).</summary>
    public static ContainerDefinition BusyBoxDefinition(string[]? command = null) =>
        ContainerDefinition.For(BusyBox).WithLabel(BenchLabel, "1").WithArguments(command ?? BusyBoxCommand);

    public static string Invariant(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The positive whole number in the environment variable, else <paramref name="fallback"/>.</summary>
    public static int IntVariable(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>Removes every container labelled by the benchmarks (best effort).</summary>
    public static async Task RemoveLeftoversAsync()
    {
        if (_engine is null)
        {
            return;
        }

        try
        {
            var ids = await CliAsync("container", "ls", "-aq", "--filter", $"label={BenchLabel}").ConfigureAwait(false);
            var list = ids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length > 0)
            {
                await CliAsync(ForceRemove(list)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Best effort: eng/bench.sh checks again at the end.
        }
    }
}
