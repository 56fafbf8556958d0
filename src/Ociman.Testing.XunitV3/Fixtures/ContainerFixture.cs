using Ociman.Testing.XunitV3.Logging;
using Xunit;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3;

/// <summary>A container fixture for xUnit v3: use it as a class fixture, a collection fixture or an assembly fixture.</summary>
/// <remarks>
/// <para>
/// xUnit calls <see cref="InitializeAsync"/> once per lifetime (class, collection or assembly); it starts the container
/// with <see cref="TestContext.CancellationToken"/> of the run, waits until it is ready and seeds it (or starts it from
/// its snapshot). <see cref="ContainerFixtureBase.DisposeAsync"/> stops and removes it.
/// </para>
/// <para>
/// When the container fails to start, the exception (with the container's last log lines) escapes
/// <see cref="InitializeAsync"/>, and xUnit fails every test that uses the fixture with it. When no engine answers and
/// skipping is allowed, nothing starts; tests call <see cref="SkipIfNoEngine"/> (or use <see cref="ContainerFactAttribute"/>)
/// to skip with the reason. In CI (<c>CI</c> set or <c>OCIMAN_REQUIRE_ENGINE=1</c>) the fixture throws
/// <see cref="EngineRequiredException"/> instead, so every test that uses it fails.
/// </para>
/// <para>
/// Take an <see cref="IMessageSink"/> in your constructor and pass it on: xUnit supplies it, and the fixture's lifecycle
/// is then logged (category <c>Ociman.Testing.Fixture</c>) as diagnostic messages during startup (shown with
/// <c>"diagnosticMessages": true</c> in <c>xunit.runner.json</c>), and into the test's output during a test.
/// </para>
/// </remarks>
public abstract class ContainerFixture : ContainerFixtureBase, IAsyncLifetime
{
    /// <summary>Creates a fixture that logs into the output of the test running when it logs.</summary>
    protected ContainerFixture()
        : this(null)
    {
    }

    /// <summary>Creates a fixture that logs into <paramref name="messageSink"/> when no test is running (during startup).</summary>
    /// <param name="messageSink">The sink xUnit passes to fixture constructors, or null.</param>
    protected ContainerFixture(IMessageSink? messageSink)
    {
        MessageSink = messageSink;
        LoggerFactory = new XunitLoggerFactory(messageSink);
        AdapterLogging.EnsureInstalled(messageSink);
    }

    /// <summary>The diagnostic message sink given to the constructor, or null.</summary>
    public IMessageSink? MessageSink { get; }

    /// <summary>Starts the container (xUnit calls this once per fixture lifetime).</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed.</exception>
    /// <exception cref="OperationCanceledException">The test run was cancelled.</exception>
    public virtual async ValueTask InitializeAsync() =>
        await StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <summary>Skips the calling test (as <c>Assert.Skip</c> does) when no engine answers and skipping is allowed.</summary>
    /// <remarks>Call it first in a test that uses the fixture; with an engine, or in CI, it does nothing.</remarks>
    public void SkipIfNoEngine()
    {
        if (Availability is { ShouldSkip: true } availability)
        {
            throw EngineGate.SkipException(availability.Reason);
        }
    }
}
