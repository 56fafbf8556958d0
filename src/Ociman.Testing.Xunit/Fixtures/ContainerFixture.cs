using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>A container for xUnit v2 tests: a class fixture (<c>IClassFixture&lt;T&gt;</c>) or a collection fixture (<c>ICollectionFixture&lt;T&gt;</c>).</summary>
/// <remarks>
/// <para>
/// Override <see cref="ContainerFixtureBase.ConfigureAsync"/> to say what to run. xUnit calls
/// <see cref="IAsyncLifetime.InitializeAsync"/> (which starts the container, waits until it is ready and seeds it)
/// before the first test of the class or collection, and <see cref="IAsyncLifetime.DisposeAsync"/> (which stops and
/// removes it) after the last.
/// </para>
/// <para>
/// When the start fails, xUnit reports the exception — with the container's last log lines — as the failure of every
/// test of the class or collection. When no engine answers and skipping is allowed, nothing starts and tests marked
/// <see cref="ContainerFactAttribute"/> or <see cref="ContainerTheoryAttribute"/> are skipped with the reason.
/// </para>
/// <para>
/// xUnit v2 passes an <see cref="IMessageSink"/> to a fixture constructor that asks for one: derive from the
/// constructor taking it to route the fixture's log into xUnit's diagnostic messages (shown when
/// <c>diagnosticMessages</c> is on in <c>xunit.runner.json</c>).
/// </para>
/// </remarks>
public abstract class ContainerFixture : ContainerFixtureBase, IAsyncLifetime
{
    /// <summary>Creates a fixture that does not log.</summary>
    protected ContainerFixture()
    {
    }

    /// <summary>Creates a fixture that logs into xUnit's diagnostic messages.</summary>
    /// <remarks>
    /// The first such fixture also routes the shared engine's log there (its commands at <c>Debug</c>, containers
    /// started, stopped and committed at <c>Information</c>; level from <c>OCIMAN_TEST_LOG_LEVEL</c>, default <c>Information</c>,
    /// <c>None</c> turns it off), unless a factory was given to <see cref="TestEngine.UseLoggerFactory"/>.
    /// </remarks>
    /// <param name="diagnosticMessageSink">The sink xUnit passes to the fixture's constructor.</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    protected ContainerFixture(IMessageSink diagnosticMessageSink, LogLevel minimumLevel = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(diagnosticMessageSink);
        LoggerFactory = XunitLogging.CreateLoggerFactory(diagnosticMessageSink, minimumLevel);
        TestEngine.UseAdapterLoggerFactory(level => XunitLogging.CreateLoggerFactory(diagnosticMessageSink, level));
    }

    /// <summary>The default of <see cref="StartupTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromMinutes(15);

    /// <summary>How long the start may take in all (engine probe, run, readiness, seeding or snapshot); xUnit v2 gives fixtures no cancellation token, so this bounds the start instead.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is not positive.</exception>
    public TimeSpan StartupTimeout
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = DefaultStartupTimeout;

    /// <summary>Starts the container (xUnit calls this before the first test that uses the fixture).</summary>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed, or not within <see cref="StartupTimeout"/>.</exception>
    Task IAsyncLifetime.InitializeAsync() => StartAsync(StartupTimeout);

    /// <summary>Stops and removes the container (xUnit calls this after the last test that uses the fixture).</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);
}
