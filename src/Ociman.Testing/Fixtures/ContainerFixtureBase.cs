using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ociman.Testing.Logging;

namespace Ociman.Testing;

/// <summary>A container for tests: started once, ready, seeded (or restored from a snapshot), stopped at the end.</summary>
/// <remarks>
/// Framework-neutral: the xUnit and NUnit adapters call <see cref="StartAsync(CancellationToken)"/> and <see cref="DisposeAsync"/> from
/// their lifetimes. Override <see cref="ConfigureAsync"/> to say what to run. When no engine answers and skipping is
/// allowed, <see cref="StartAsync(CancellationToken)"/> starts nothing and <see cref="Availability"/> says why, so tests can skip; in CI
/// (or with <c>OCIMAN_REQUIRE_ENGINE=1</c>) it throws. A startup failure is kept in <see cref="StartupFailure"/> and
/// rethrown, with its cause, by every member a test uses.
/// </remarks>
public abstract class ContainerFixtureBase : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SnapshotLocks = new(StringComparer.Ordinal);
    private Container? _container;
    private ContainerInspection? _inspection;
    private Engine? _engine;
    private int _seedStepsRun;

    /// <summary>Where the fixture logs; set it before <see cref="StartAsync(CancellationToken)"/> (adapters route it to the test output).</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Whether an engine answered; null before <see cref="StartAsync(CancellationToken)"/>.</summary>
    public EngineAvailability? Availability { get; private set; }

    /// <summary>Why the fixture failed to start, or null.</summary>
    public Exception? StartupFailure { get; private set; }

    /// <summary>The engine the container runs on.</summary>
    /// <exception cref="ContainerStartupException">The fixture failed to start (the cause is the inner exception).</exception>
    public Engine Engine => Started(_engine);

    /// <summary>The running container.</summary>
    /// <exception cref="ContainerStartupException">The fixture failed to start (the cause is the inner exception).</exception>
    public Container Container => Started(_container);

    /// <summary>The host at which the container's published ports are reached (the engine's host for remote engines).</summary>
    public string Host { get; private set; } = "127.0.0.1";

    /// <summary>Whether the container started from a committed snapshot (no seed step ran in this process).</summary>
    public bool StartedFromSnapshot { get; private set; }

    /// <summary>How many seed steps this fixture ran (0 when it started from a snapshot).</summary>
    public int SeedStepsRun => _seedStepsRun;

    /// <summary>The snapshot image the container started from, or null.</summary>
    public ImageReference? SnapshotImage { get; private set; }

    /// <summary>How long <see cref="StartAsync(CancellationToken)"/> took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>A connection string for the service in the container; override to provide one.</summary>
    /// <exception cref="NotSupportedException">The fixture does not provide one.</exception>
    public virtual string ConnectionString => throw new NotSupportedException($"{GetType().Name} does not provide a connection string: override ConnectionString.");

    /// <summary>Says what container to run, how to wait for it and how to seed it.</summary>
    protected abstract Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken);

    /// <summary>The host port published for <paramref name="containerPort"/>, as inspected when the container became ready (no engine call).</summary>
    /// <exception cref="PortNotPublishedException">The port is not published.</exception>
    public int GetHostPort(int containerPort, string protocol = "tcp")
    {
        _ = Container;
        return _inspection!.GetHostPort(containerPort, protocol);
    }

    /// <summary>The host port published for <paramref name="containerPort"/>.</summary>
    public Task<int> GetHostPortAsync(int containerPort, CancellationToken cancellationToken = default) =>
        Container.GetHostPortAsync(containerPort, cancellationToken: cancellationToken);

    /// <summary>Starts the container, waits until it is ready and seeds it (or starts it from its snapshot).</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed; a failure of the engine itself (an <see cref="OcimanException"/> such as <see cref="EngineTimeoutException"/>) is its inner exception.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, cancellationToken);

    /// <summary>Starts the container like <see cref="StartAsync(CancellationToken)"/>, all of it within <paramref name="timeout"/>.</summary>
    /// <remarks>For adapters whose framework gives fixtures no cancellation token (xUnit v2): the start cannot hang.</remarks>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed, or the whole start took longer than <paramref name="timeout"/> (then what it started is removed).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return StartAsync((TimeSpan?)timeout, cancellationToken);
    }

    private async Task StartAsync(TimeSpan? timeout, CancellationToken callerToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        if (timeout is { } limit)
        {
            bounded.CancelAfter(limit);
        }

        var cancellationToken = bounded.Token;
        var stopwatch = Stopwatch.StartNew();
        var logger = Logger;
        Availability = await TestEngine.GetAvailabilityAsync(callerToken).ConfigureAwait(false);
        if (Availability.ShouldSkip)
        {
            Log.EngineMissing(logger, GetType().Name, Availability.Reason);
            return;
        }

        try
        {
            _engine = Availability.GetEngineOrThrow();
            Host = TestHost.Resolve(_engine);
            var setup = await ConfigureAsync(_engine, cancellationToken).ConfigureAwait(false);
            // Without --rm: a container that exits before it is ready must stay until its exit code and log are read
            // (with --rm the engine removes it at once and the failure says neither); the fixture removes it itself.
            var definition = TestSession.Label(setup.Definition).WithAutoRemove(false);
            if (setup.SnapshotName is { } snapshotName && setup.Seeds.Count > 0)
            {
                SnapshotImage = await EnsureSnapshotAsync(_engine, setup, definition, snapshotName, cancellationToken).ConfigureAwait(false);
                definition = definition.WithImage(SnapshotImage);
                StartedFromSnapshot = _seedStepsRun == 0;
                _container = await StartReadyAsync(_engine, definition, setup, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _container = await StartReadyAsync(_engine, definition, setup, cancellationToken).ConfigureAwait(false);
                await SeedAsync(_container, setup, cancellationToken).ConfigureAwait(false);
            }

            StartupTime = stopwatch.Elapsed;
            Log.Ready(logger, GetType().Name, _container.ShortId, stopwatch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException ex) when (timeout is { } startupTimeout && bounded.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            var failure = new ContainerStartupException(
                $"{GetType().Name} did not start within {startupTimeout.TotalSeconds:0.#} s (its startup timeout); what it started was removed.", null, ex);
            StartupFailure = failure;
            Log.StartFailed(logger, GetType().Name, failure);
            await StopContainerAsync().ConfigureAwait(false);
            throw failure;
        }
        catch (Exception ex)
        {
            // A failure of the engine itself (a dead daemon, a timeout, a refused run) is a failed start too: it surfaces
            // as ContainerStartupException with the engine's exception inside, like every other reason a start fails.
            var engineFailure = ex is OcimanException and not ContainerStartupException and not EngineRequiredException
                ? new ContainerStartupException($"{GetType().Name} failed to start: {ex.Message}", null, ex)
                : null;
            ex = engineFailure ?? ex;

            // A cancelled start is not a failure of the fixture, but it leaves nothing running either.
            if (ex is not OperationCanceledException)
            {
                StartupFailure = ex;
                Log.StartFailed(logger, GetType().Name, ex);
            }

            await StopContainerAsync().ConfigureAwait(false);
            if (engineFailure is not null)
            {
                throw engineFailure;
            }

            if (ex is OperationCanceledException cancelled && cancelled.CancellationToken != callerToken && callerToken.IsCancellationRequested)
            {
                // Surface the caller's token, not the linked one.
                throw new OperationCanceledException(cancelled.Message, cancelled, callerToken);
            }

            throw;
        }
    }

    private ILogger Logger => LoggerFactory.CreateLogger("Ociman.Testing.Fixture");

    /// <summary>Force-removes the container (nothing of it is kept, so no graceful stop); never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopContainerAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private async Task StopContainerAsync()
    {
        var container = _container;
        _container = null;
        if (container is null)
        {
            return;
        }

        // A forced removal (SIGKILL, then remove) is all a test container needs at the end: nothing is kept, so a
        // graceful stop would only add its shutdown time (about 0.5 s for PostgreSQL). Snapshots stop gracefully.
        await container.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(Logger, GetType().Name, container.ShortId);
    }

    private async Task<Container> StartReadyAsync(Engine engine, ContainerDefinition definition, ContainerSetup setup, CancellationToken cancellationToken)
    {
        Log.Starting(Logger, GetType().Name, definition.Image.ToString());
        var container = await engine.RunDetachedAsync(definition, cancellationToken).ConfigureAwait(false);
        try
        {
            _inspection = await ReadinessWaiter.WaitAsync(new ReadinessContext(container, Host), setup.Readiness, setup.ReadinessTimeout, cancellationToken).ConfigureAwait(false);
            return container;
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SeedAsync(Container container, ContainerSetup setup, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(setup.SeedTimeout);
        var step = 0;
        foreach (var seed in setup.Seeds)
        {
            Log.Seeding(Logger, GetType().Name, ++step, seed.Description);
            try
            {
                await Deadline.RunAsync(() => seed.ApplyAsync(container, deadline.Token), deadline.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _seedStepsRun);
            }
            catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                && ex is OperationCanceledException or OcimanException or IOException)
            {
                // The step was interrupted (its exec killed, or it was abandoned): the deadline is the cause, whatever it threw.
                throw new SeedTimeoutException(
                    $"Seed step {step} '{seed.Description}' had not finished in {container} when the seeding deadline of {setup.SeedTimeout.TotalSeconds:0.#} s passed; "
                    + "it was interrupted. Raise the deadline with ContainerSetup.WithSeedTimeout if the step needs longer.",
                    seed.Description,
                    setup.SeedTimeout,
                    await ReadinessWaiter.RecentLogsAsync(container, cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is OcimanException or IOException)
            {
                throw new SeedFailedException(
                    $"Seed step '{seed.Description}' failed in {container}: {ex.Message}",
                    await ReadinessWaiter.RecentLogsAsync(container, cancellationToken: cancellationToken).ConfigureAwait(false),
                    ex);
            }
        }
    }

    private async Task<ImageReference> EnsureSnapshotAsync(Engine engine, ContainerSetup setup, ContainerDefinition definition, ImageReference snapshotName, CancellationToken cancellationToken)
    {
        var key = await SnapshotKey.ComputeAsync(engine, setup.Definition, setup.Seeds, cancellationToken).ConfigureAwait(false);
        var reference = snapshotName.WithTag(key);
        if (await engine.ImageExistsAsync(reference, cancellationToken).ConfigureAwait(false))
        {
            Log.SnapshotHit(Logger, GetType().Name, reference.ToString());
            return reference;
        }

        var lockKey = $"snapshot|{engine.Kind.ToCliName()}|{reference}";
        var gate = SnapshotLocks.GetOrAdd(lockKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await CrossProcessLock.AcquireAsync(lockKey, cancellationToken).ConfigureAwait(false);
            if (await engine.ImageExistsAsync(reference, cancellationToken).ConfigureAwait(false))
            {
                Log.SnapshotHit(Logger, GetType().Name, reference.ToString());
                return reference;
            }

            Log.SnapshotMiss(Logger, GetType().Name, reference.ToString());

            // Seed a container that is kept after it stops, commit it, and remove it — whatever happens.
            var seeding = await StartReadyAsync(engine, definition.WithAutoRemove(false), setup, cancellationToken).ConfigureAwait(false);
            try
            {
                await SeedAsync(seeding, setup, cancellationToken).ConfigureAwait(false);
                await seeding.StopAsync(setup.StopGracePeriod ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                await seeding.CommitAsync(
                    reference,
                    new CommitOptions { Message = $"ociman snapshot of {setup.Seeds.Count} seed step(s)", Changes = TestSession.ClearOwnershipChanges },
                    cancellationToken).ConfigureAwait(false);
                Log.SnapshotCommitted(Logger, GetType().Name, reference.ToString());
            }
            catch
            {
                await RemoveImageQuietlyAsync(engine, reference).ConfigureAwait(false);
                throw;
            }
            finally
            {
                await seeding.DisposeAsync().ConfigureAwait(false);
            }

            return reference;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task RemoveImageQuietlyAsync(Engine engine, ImageReference reference)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            if (await engine.ImageExistsAsync(reference, timeout.Token).ConfigureAwait(false))
            {
                await engine.RemoveImageAsync(reference, force: true, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            // Best effort: the seed's own failure is the one to report.
        }
    }

    private T Started<T>(T? value)
        where T : class
    {
        if (value is not null)
        {
            return value;
        }

        if (StartupFailure is { } failure)
        {
            throw new ContainerStartupException($"{GetType().Name} failed to start: {failure.Message}", null, failure);
        }

        if (Availability is { ShouldSkip: true } availability)
        {
            throw new EngineRequiredException($"{GetType().Name} has no container: {availability.Reason}", availability.Failure);
        }

        throw new InvalidOperationException($"{GetType().Name} has not been started: call StartAsync first (the test framework adapters do).");
    }
}
