using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>
/// A ready-made, framework-neutral container fixture (a module such as <c>PostgreSqlModule</c>, or any
/// <see cref="ContainerFixtureBase"/> with a parameterless constructor) used as an xUnit v2 class or collection fixture.
/// </summary>
/// <typeparam name="TModule">The fixture to run; derive from a module to configure it (image, credentials, seeding, snapshot).</typeparam>
/// <remarks>
/// <para>
/// xUnit creates this fixture, which creates <typeparamref name="TModule"/>, starts it before the first test of the class
/// or collection (within <see cref="StartupTimeout"/>: xUnit v2 gives fixtures no cancellation token) and removes its
/// container after the last. Tests take the fixture in their constructor and use <see cref="Module"/>:
/// <c>public sealed class OrderTests(ModuleFixture&lt;PostgreSqlModule&gt; postgres) : IClassFixture&lt;ModuleFixture&lt;PostgreSqlModule&gt;&gt;</c>.
/// </para>
/// <para>
/// The module's lifecycle is logged into xUnit's diagnostic messages (shown with <c>diagnosticMessages</c> on in
/// <c>xunit.runner.json</c>). When no engine answers and skipping is allowed, nothing starts and tests marked
/// <see cref="ContainerFactAttribute"/> or <see cref="ContainerTheoryAttribute"/> are skipped with the reason.
/// </para>
/// </remarks>
public sealed class ModuleFixture<TModule> : IAsyncLifetime
    where TModule : ContainerFixtureBase, new()
{
    /// <summary>Creates the module; xUnit passes <paramref name="diagnosticMessageSink"/> to the fixture's constructor.</summary>
    /// <param name="diagnosticMessageSink">The sink for the module's log (xUnit's diagnostic messages).</param>
    /// <exception cref="ArgumentNullException"><paramref name="diagnosticMessageSink"/> is null.</exception>
    public ModuleFixture(IMessageSink diagnosticMessageSink)
    {
        ArgumentNullException.ThrowIfNull(diagnosticMessageSink);
        Module = new TModule { LoggerFactory = XunitLogging.CreateLoggerFactory(diagnosticMessageSink, LogLevel.Information) };
        TestEngine.UseAdapterLoggerFactory(level => XunitLogging.CreateLoggerFactory(diagnosticMessageSink, level));
    }

    /// <summary>The module: started once xUnit has initialised the fixture.</summary>
    public TModule Module { get; }

    /// <summary>How long the start may take in all (engine probe, run, readiness, seeding or snapshot); default <see cref="ContainerFixture.DefaultStartupTimeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is not positive.</exception>
    public TimeSpan StartupTimeout
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = ContainerFixture.DefaultStartupTimeout;

    /// <summary>Starts the module's container (xUnit calls this before the first test that uses the fixture).</summary>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed, or not within <see cref="StartupTimeout"/>.</exception>
    Task IAsyncLifetime.InitializeAsync() => Module.StartAsync(StartupTimeout);

    /// <summary>Removes the module's container (xUnit calls this after the last test that uses the fixture).</summary>
    async Task IAsyncLifetime.DisposeAsync() => await Module.DisposeAsync().ConfigureAwait(false);
}
