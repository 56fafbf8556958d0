using System.Diagnostics;
using Ociman.IntegrationTests.Support;
using Ociman.Testing;
using Xunit.Abstractions;

namespace Ociman.IntegrationTests.Faults;

/// <summary>
/// The quick fault suite (issue 11, items 2 and 12): every wait on the engine has an end, and an engine that fails is
/// reported as the engine's failure. The engine under test is reached through a socket the test owns
/// (<see cref="EngineProxy"/>), which then hangs or dies; the real daemons are never touched.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Faults")]
public sealed class EngineFaultSpecs(EngineFixture fx, ITestOutputHelper output)
{
    private static readonly TimeSpan ShortBound = TimeSpan.FromSeconds(2);

    // A probe bound for detections in which the engine under test must answer too: `podman info` alone can take
    // over 2 s on a loaded machine.
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(8);

    // Generous: proves that the call ended, where it used to hang for minutes (or forever).
    private static readonly TimeSpan Ended = TimeSpan.FromSeconds(45);

    private EngineKind Kind => fx.Engine.Kind;

    private static EngineKind Other(EngineKind kind) => kind == EngineKind.Docker ? EngineKind.Podman : EngineKind.Docker;

    [Fact(Timeout = 120_000)]
    public async Task Detection_abandons_an_engine_that_hangs_after_the_probe_bound_and_falls_back_to_the_next()
    {
        await using var hung = EngineProxy.Hung();
        var config = Path.Combine(Path.GetTempPath(), $"ociman-fault-{Guid.NewGuid():N}.toml");
        await File.WriteAllTextAsync(config, $"default_backend = \"{Other(Kind).ToCliName()}\"\n");
        var log = new ListLoggerFactory();
        try
        {
            // The other engine comes first and hangs; the engine under test answers as usual.
            var options = Options(Other(Kind), hung.Uri, log) with { ConfigFilePath = config, ProbeTimeout = DetectionBound };
            options = options with { GetEnvironmentVariable = Without(options.GetEnvironmentVariable, "OCIMAN_BACKEND") };

            var stopwatch = Stopwatch.StartNew();
            var engine = await Engine.DetectAsync(options);
            output.WriteLine($"detection with a hung {Other(Kind).ToCliName()} first: {stopwatch.ElapsedMilliseconds} ms");

            Assert.Equal(Kind, engine.Kind);
            Assert.True(stopwatch.Elapsed < Ended, $"Detection took {stopwatch.Elapsed}.");
            var timedOut = Assert.Single(log.Entries, e => e.EventId.Id == 1500);
            Assert.Contains(Other(Kind).ToCliName(), timedOut.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Detection_abandons_a_command_line_tool_that_hangs_and_ignores_interrupts_and_ends_its_processes()
    {
        // The other engine's tool hangs in every command and ignores SIGINT and SIGTERM, as does the child it waits for.
        var directory = Directory.CreateTempSubdirectory("ociman-fault-");
        var tool = Path.Combine(directory.FullName, "hung-cli");
        var pids = Path.Combine(directory.FullName, "pids");
        await File.WriteAllTextAsync(tool, $"""
            #!/bin/sh
            trap '' INT TERM
            sleep 1000 &
            echo $$ $! >> "{pids}"
            wait
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var config = Path.Combine(directory.FullName, "ociman.toml");
        await File.WriteAllTextAsync(config, $"default_backend = \"{Other(Kind).ToCliName()}\"\n");
        var log = new ListLoggerFactory();
        try
        {
            var options = new EngineOptions
            {
                LoggerFactory = log,
                ConfigFilePath = config,
                ProbeTimeout = DetectionBound,
                Executables = new Dictionary<EngineKind, string> { [Other(Kind)] = tool },
                GetEnvironmentVariable = Without(Environment.GetEnvironmentVariable, "OCIMAN_BACKEND"),
            };

            var stopwatch = Stopwatch.StartNew();
            var engine = await Engine.DetectAsync(options);
            output.WriteLine($"detection with a hung {Other(Kind).ToCliName()} tool first: {stopwatch.ElapsedMilliseconds} ms");

            Assert.Equal(Kind, engine.Kind);
            Assert.True(stopwatch.Elapsed < Ended, $"Detection took {stopwatch.Elapsed}.");
            Assert.Single(log.Entries, e => e.EventId.Id == 1500);
            var started = (await File.ReadAllTextAsync(pids)).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.NotEmpty(started);
            Assert.True(
                await Eventually.TrueAsync(() => Task.FromResult(started.All(pid => !Directory.Exists($"/proc/{pid}"))), TimeSpan.FromSeconds(15)),
                $"The hung tool's processes {string.Join(", ", started)} were not ended.");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task An_engine_chosen_by_OCIMAN_BACKEND_that_hangs_fails_with_a_typed_error_naming_the_bound()
    {
        await using var hung = EngineProxy.Hung();
        var options = Options(Kind, hung.Uri, new ListLoggerFactory()) with { ProbeTimeout = ShortBound };
        options = options with { GetEnvironmentVariable = With(options.GetEnvironmentVariable, "OCIMAN_BACKEND", Kind.ToCliName()) };

        var stopwatch = Stopwatch.StartNew();
        var thrown = await Assert.ThrowsAsync<EngineUnavailableException>(() => Engine.DetectAsync(options));
        output.WriteLine($"forced {Kind.ToCliName()} that hangs: {stopwatch.ElapsedMilliseconds} ms: {thrown.Message}");

        var probe = Assert.Single(thrown.Probes);
        Assert.Equal(Kind, probe.Kind);
        Assert.Contains("no answer within 2 s", probe.Reason, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < Ended, $"Detection took {stopwatch.Elapsed}.");
    }

    [Fact(Timeout = 120_000)]
    public async Task Housekeeping_on_an_engine_that_stopped_answering_ends_with_a_timeout_naming_the_operation()
    {
        await using var proxy = EngineProxy.To(RealSocket(Kind));
        var log = new ListLoggerFactory();
        var engine = await Engine.ConnectAsync(Kind, Options(Kind, proxy.Uri, log) with { HousekeepingTimeout = ShortBound });
        var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        try
        {
            var handle = await engine.GetContainerAsync(container.Id);
            proxy.Freeze();

            var stopwatch = Stopwatch.StartNew();
            var listed = await Assert.ThrowsAsync<EngineTimeoutException>(() => engine.ListContainersAsync([new(EngineFixture.RunLabel, fx.RunId)]));
            var exists = await Assert.ThrowsAsync<EngineTimeoutException>(() => engine.ImageExistsAsync(fx.BusyBox));
            await handle.DisposeAsync(); // never throws, but says that the removal failed
            output.WriteLine($"{Kind.ToCliName()} ({engine.Transport}): list, image exists and dispose on a hung engine: {stopwatch.ElapsedMilliseconds} ms");

            Assert.Equal(("container list", Kind, ShortBound), (listed.Operation, listed.Engine, listed.Bound));
            Assert.Equal("image exists", exists.Operation);
            Assert.Contains("within 2 s", listed.Message, StringComparison.Ordinal);
            var disposal = Assert.Single(log.Entries, e => e.EventId.Id == 1504);
            Assert.IsType<EngineTimeoutException>(disposal.Exception);
            Assert.True(stopwatch.Elapsed < Ended, $"Three bounded operations took {stopwatch.Elapsed}.");
            Assert.True(await fx.Engine.ContainerExistsAsync(container.Id), "The hung engine cannot have removed the container.");
        }
        finally
        {
            await container.DisposeAsync();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Cancelling_a_run_on_an_engine_that_stopped_answering_returns_within_seconds()
    {
        await using var proxy = EngineProxy.To(RealSocket(Kind));
        var log = new ListLoggerFactory();
        var engine = await Engine.ConnectAsync(Kind, Options(Kind, proxy.Uri, log));
        var mark = Guid.NewGuid().ToString("N");
        proxy.Freeze();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var stopwatch = Stopwatch.StartNew();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RunDetachedAsync(fx.Sleeper().WithLabel("io.ociman.it.fault", mark), cancellation.Token));
        var elapsed = stopwatch.Elapsed;
        output.WriteLine($"{Kind.ToCliName()} ({engine.Transport}): a run cancelled at 2 s on a hung engine returned after {elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"The cancelled run returned after {elapsed} (it used to take 71 s).");
        Assert.Contains(log.Entries, e => e.EventId.Id == 1502);
        Assert.Empty(await fx.Engine.ListContainersAsync([new("io.ociman.it.fault", mark)]));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_exec_on_an_engine_that_died_is_the_engines_failure_not_the_commands_exit_code()
    {
        await using var proxy = EngineProxy.To(RealSocket(Kind));
        var engine = await Engine.ConnectAsync(Kind, Options(Kind, proxy.Uri, new ListLoggerFactory()));
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        var handle = await engine.GetContainerAsync(container.Id);
        Assert.Equal("up\n", await handle.Exec("echo", "up").StringAsync());
        proxy.Kill();

        var thrown = await Assert.ThrowsAnyAsync<EngineOperationException>(() => handle.Exec("echo", "hi").StringAsync());
        output.WriteLine($"{Kind.ToCliName()} ({engine.Transport}): {thrown.GetType().Name}: {thrown.Message}");

        Assert.IsNotType<ExecFailedException>(thrown);
        Assert.Equal(Kind, thrown.Engine);
        Assert.Contains("exec", thrown.Operation, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_followed_log_that_ends_because_the_engine_died_throws()
    {
        await using var proxy = EngineProxy.To(RealSocket(Kind));
        var log = new ListLoggerFactory();
        var engine = await Engine.ConnectAsync(Kind, Options(Kind, proxy.Uri, log) with { HousekeepingTimeout = ShortBound });
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running("sh", "-c", "while true; do echo tick; sleep 0.2; done"));
        var handle = await engine.GetContainerAsync(container.Id);

        var lines = 0;
        var thrown = await Assert.ThrowsAnyAsync<EngineOperationException>(async () =>
        {
            await foreach (var line in handle.FollowLogsAsync())
            {
                if (++lines == 2)
                {
                    proxy.Kill();
                }
            }
        });
        output.WriteLine($"{Kind.ToCliName()} ({engine.Transport}) after {lines} lines: {thrown.GetType().Name}: {thrown.Message}");

        Assert.Equal(Kind, thrown.Engine);
        if (engine.Transport == EngineTransport.Cli)
        {
            // The tool just ends; the API transport's stream breaks with its own typed error before the check.
            Assert.Contains(log.Entries, e => e.EventId.Id == 1506);
        }
        Assert.True(await container.InspectAsync() is { Running: true }, "The container kept running: only the engine's stream broke.");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_followed_log_still_ends_normally_when_the_container_exits()
    {
        var engine = fx.Engine;
        await using var container = await engine.RunDetachedAsync(fx.Running("sh", "-c", "echo one; echo two").WithAutoRemove(false));

        var lines = new List<string>();
        await foreach (var line in container.FollowLogsAsync())
        {
            lines.Add(line.Text);
        }

        Assert.Equal(["one", "two"], lines);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_commit_the_tool_reports_as_failed_but_that_made_its_image_returns_that_image()
    {
        // A tool that commits and then fails, as a CLI whose connection broke after the engine's answer.
        var tool = Path.Combine(Path.GetTempPath(), $"ociman-fault-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(tool, $"""
            #!/bin/sh
            "{fx.Engine.ExecutablePath}" "$@"
            code=$?
            if [ "$1 $2" = "container commit" ]; then echo 'error during connect: Post "http://x/commit": EOF' >&2; exit 1; fi
            exit $code
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var log = new ListLoggerFactory();
        var image = ImageReference.Parse($"ociman-it/fault-commit:{Guid.NewGuid():N}");
        try
        {
            var engine = await Engine.ConnectAsync(Kind, new EngineOptions
            {
                LoggerFactory = log,
                Transport = EngineTransport.Cli,
                Executables = new Dictionary<EngineKind, string> { [Kind] = tool },
            });
            await using var container = await engine.RunDetachedAsync(fx.Sleeper());

            var id = await container.CommitAsync(image);

            var inspection = await fx.Engine.InspectImageAsync(image);
            Assert.Equal(inspection.Id, id);
            var warning = Assert.Single(log.Entries, e => e.EventId.Id == 1505);
            Assert.IsAssignableFrom<EngineOperationException>(warning.Exception);
        }
        finally
        {
            File.Delete(tool);
            if (await fx.Engine.ImageExistsAsync(image))
            {
                await fx.Engine.RemoveImageAsync(image, force: true);
            }
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task An_engine_failure_inside_a_fixtures_start_surfaces_as_a_startup_failure_with_the_engines_exception_inside()
    {
        await using var fixture = new AbsentImageFixture();

        var thrown = await Assert.ThrowsAsync<ContainerStartupException>(() => fixture.StartAsync());

        Assert.IsAssignableFrom<EngineOperationException>(thrown.InnerException);
        Assert.Contains(nameof(AbsentImageFixture), thrown.Message, StringComparison.Ordinal);
        Assert.Same(thrown, fixture.StartupFailure);
    }

    private sealed class AbsentImageFixture : ContainerFixtureBase
    {
        // Port 9 (discard) refuses at once: the pull fails without a registry, and the run with it.
        protected override Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken) =>
            Task.FromResult(new ContainerSetup(ContainerDefinition.For("127.0.0.1:9/ociman-it/absent:1").WithArguments(EngineFixture.SleepCommand)));
    }

    // The engine's socket: Docker's daemon, or the machine's Podman service (eng/provision-remote.sh starts it).
    private static string RealSocket(EngineKind kind) =>
        kind == EngineKind.Docker ? "/var/run/docker.sock" : "/run/ociman-remote/podman.sock";

    // The engine reached through the socket at uri (on both transports), every other setting as the process has it.
    private static EngineOptions Options(EngineKind kind, string uri, ListLoggerFactory log)
    {
        var variables = kind == EngineKind.Docker
            ? new Dictionary<string, string?> { ["DOCKER_HOST"] = uri, ["DOCKER_CONTEXT"] = null }
            : new Dictionary<string, string?> { ["CONTAINER_HOST"] = uri, ["CONTAINER_CONNECTION"] = null };
        return new EngineOptions
        {
            LoggerFactory = log,
            GetEnvironmentVariable = name => variables.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
        };
    }

    private static Func<string, string?> Without(Func<string, string?> read, string name) => n => n == name ? null : read(n);

    private static Func<string, string?> With(Func<string, string?> read, string name, string value) => n => n == name ? value : read(n);
}
