using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ociman.Testing;

/// <summary>Whether a container engine answers in this test process, probed once per process.</summary>
/// <param name="Engine">The engine, or null when none answered.</param>
/// <param name="Failure">Why no engine answered, or null.</param>
/// <param name="Required">Whether a missing engine must fail tests instead of skipping them (<c>CI</c> set or <c>OCIMAN_REQUIRE_ENGINE=1</c>).</param>
public sealed record EngineAvailability(Engine? Engine, Exception? Failure, bool Required)
{
    /// <summary>Whether an engine answered.</summary>
    public bool IsAvailable => Engine is not null;

    /// <summary>Whether tests that need an engine should be skipped (no engine, and skipping is allowed).</summary>
    public bool ShouldSkip => Engine is null && !Required;

    /// <summary>The reason to give when skipping or failing.</summary>
    public string Reason => Failure is null
        ? string.Empty
        : $"No container engine answers: {Failure.Message}";

    /// <summary>The engine, or an <see cref="EngineRequiredException"/> explaining why there is none.</summary>
    /// <exception cref="EngineRequiredException">No engine answered.</exception>
    public Engine GetEngineOrThrow() => Engine ?? throw new EngineRequiredException(
        Reason + (Required ? " (a missing engine is a failure here: CI or OCIMAN_REQUIRE_ENGINE=1 is set)" : string.Empty),
        Failure);
}

/// <summary>The process-wide engine for tests: detected once (honouring <c>OCIMAN_BACKEND</c>), shared by every fixture.</summary>
/// <remarks>
/// The engine adds the test session's labels (<see cref="TestSession.Labels"/>) to every container it runs or creates,
/// so a container a test starts itself (<c>RunDetachedAsync</c>, <c>RunAsync</c>, <c>WithContainerAsync</c>) is swept,
/// like a fixture's, by the next test process when this one is killed before removing it.
/// </remarks>
public static class TestEngine
{
    private static readonly Lock Gate = new();
    private static Task<EngineAvailability>? _probe;
    private static readonly Logging.SwitchableLoggerFactory LoggerFactory = new();
    private static bool _loggerChosen;

    /// <summary>Whether a missing engine fails tests instead of skipping them: <c>CI</c> is set (to anything but <c>false</c>/<c>0</c>) or <c>OCIMAN_REQUIRE_ENGINE=1</c>.</summary>
    public static bool IsRequired
    {
        get
        {
            var ci = Environment.GetEnvironmentVariable("CI");
            var require = Environment.GetEnvironmentVariable("OCIMAN_REQUIRE_ENGINE");
            return require is "1" or "true" || (!string.IsNullOrEmpty(ci) && ci is not ("0" or "false"));
        }
    }

    /// <summary>Sets where the shared engine logs, from now on.</summary>
    /// <remarks>
    /// It may be called at any time, also after the first probe (which attribute-based skipping runs at test discovery,
    /// before a test can set anything): the engine keeps its loggers and they write to the factory given last. The
    /// factory is not disposed by Ociman.
    /// </remarks>
    public static void UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        lock (Gate)
        {
            _loggerChosen = true;
            LoggerFactory.Target = loggerFactory;
        }
    }

    /// <summary>The factory the shared engine writes to now.</summary>
    internal static ILoggerFactory CurrentLoggerFactory => LoggerFactory.Target;

    /// <summary>The environment variable that sets the level of the engine's log in the test framework's output (<c>None</c> turns it off).</summary>
    internal const string AdapterLogLevelVariable = "OCIMAN_TEST_LOG_LEVEL";

    /// <summary>The level an adapter routes the engine's log at: <see cref="AdapterLogLevelVariable"/>, else <see cref="LogLevel.Information"/>.</summary>
    internal static LogLevel AdapterLogLevel() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(AdapterLogLevelVariable), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : LogLevel.Information;

    /// <summary>
    /// An adapter's default for where the engine logs (the test framework's output): taken only while nobody called
    /// <see cref="UseLoggerFactory"/>, whatever the order, and only the first adapter default counts.
    /// </summary>
    internal static void UseAdapterLoggerFactory(Func<LogLevel, ILoggerFactory> create)
    {
        lock (Gate)
        {
            if (_loggerChosen)
            {
                return;
            }

            _loggerChosen = true;
            var level = AdapterLogLevel();
            if (level != LogLevel.None)
            {
                LoggerFactory.Target = create(level);
            }
        }
    }

    /// <summary>Probes the engine once per process and returns the (cached) result.</summary>
    /// <remarks>
    /// The probe is shared by every caller of the process and bounded on its own (detection by
    /// <see cref="EngineOptions.ProbeTimeout"/>, the orphan sweep by a minute): <paramref name="cancellationToken"/>
    /// ends this caller's wait at once, without cancelling the probe other callers wait for. A token cancelled before
    /// the call starts no probe.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the probe ended.</exception>
    public static Task<EngineAvailability> GetAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<EngineAvailability>(cancellationToken);
        }

        Task<EngineAvailability> probe;
        lock (Gate)
        {
            probe = _probe ??= ProbeAsync();
        }

        return cancellationToken.CanBeCanceled ? probe.WaitAsync(cancellationToken) : probe;
    }

    /// <summary>The engine; throws when none answers (callers that may skip check <see cref="GetAvailabilityAsync"/> first).</summary>
    /// <remarks>
    /// Every container it runs or creates carries the session labels (see <see cref="TestSession"/>). The token ends
    /// this caller's wait for the shared probe, as for <see cref="GetAvailabilityAsync"/>.
    /// </remarks>
    /// <exception cref="EngineRequiredException">No engine answered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the probe ended.</exception>
    public static async Task<Engine> GetAsync(CancellationToken cancellationToken = default) =>
        (await GetAvailabilityAsync(cancellationToken).ConfigureAwait(false)).GetEngineOrThrow();

    private static Task<EngineAvailability> ProbeAsync() =>
        ProbeAsync(new EngineOptions { LoggerFactory = LoggerFactory, ContainerLabels = TestSession.Labels }, startReaper: true);

    /// <summary>Detects the engine with <paramref name="options"/>, starts the session reaper (when asked) and sweeps the orphans of dead test processes.</summary>
    /// <remarks>Only detection decides availability: a sweep that fails (or takes longer than a minute) is logged and left, never fatal.</remarks>
    internal static async Task<EngineAvailability> ProbeAsync(EngineOptions options, bool startReaper = false)
    {
        Engine engine;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            engine = await Engine.DetectAsync(options, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            return new EngineAvailability(null, ex, IsRequired);
        }

        var logger = options.LoggerFactory.CreateLogger("Ociman.Testing.Session");
        if (startReaper)
        {
            SessionReaper.EnsureStarted(engine, logger);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var swept = await TestSession.SweepOrphansAsync(engine, timeout.Token).ConfigureAwait(false);
            if (swept > 0)
            {
                Logging.Log.OrphansSwept(logger, swept);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException or IOException)
        {
            Logging.Log.SweepFailed(logger, ex);
        }

        return new EngineAvailability(engine, null, IsRequired);
    }
}
