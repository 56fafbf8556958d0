using Ociman.Testing.XunitV3.Logging;
using Xunit;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3;

/// <summary>
/// A ready-made, framework-neutral container fixture (a module such as <c>PostgreSqlModule</c>, or any
/// <see cref="ContainerFixtureBase"/> with a parameterless constructor) used as an xUnit v3 class, collection or
/// assembly fixture.
/// </summary>
/// <typeparam name="TModule">The fixture to run; derive from a module to configure it (image, credentials, seeding, snapshot).</typeparam>
/// <remarks>
/// <para>
/// xUnit creates this fixture, which creates <typeparamref name="TModule"/>, starts it in <see cref="InitializeAsync"/>
/// with the run's cancellation token and removes its container in <see cref="DisposeAsync"/>. Tests take the fixture in
/// their constructor and use <see cref="Module"/>:
/// <c>public sealed class OrderTests(ModuleFixture&lt;PostgreSqlModule&gt; postgres) : IClassFixture&lt;ModuleFixture&lt;PostgreSqlModule&gt;&gt;</c>.
/// </para>
/// <para>
/// The module's lifecycle is logged into xUnit's diagnostic messages during startup and into the running test's output
/// afterwards, as with <see cref="ContainerFixture"/>. When no engine answers and skipping is allowed, nothing starts and
/// <see cref="SkipIfNoEngine"/> skips the calling test; in CI the start throws <see cref="EngineRequiredException"/>.
/// </para>
/// </remarks>
public sealed class ModuleFixture<TModule> : IAsyncLifetime
    where TModule : ContainerFixtureBase, new()
{
    /// <summary>Creates the module; xUnit passes <paramref name="messageSink"/> (the fixture's diagnostic messages).</summary>
    /// <param name="messageSink">Where the module logs while no test runs, or null for the current context's diagnostic messages.</param>
    public ModuleFixture(IMessageSink? messageSink)
    {
        Module = new TModule { LoggerFactory = new XunitLoggerFactory(messageSink) };
        AdapterLogging.EnsureInstalled(messageSink);
    }

    /// <summary>The module: started once xUnit has called <see cref="InitializeAsync"/>.</summary>
    public TModule Module { get; }

    /// <summary>Starts the module's container (xUnit calls this once per fixture lifetime).</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed.</exception>
    /// <exception cref="OperationCanceledException">The test run was cancelled.</exception>
    public async ValueTask InitializeAsync() =>
        await Module.StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <summary>Removes the module's container (xUnit calls this after the last test that uses the fixture).</summary>
    public ValueTask DisposeAsync() => Module.DisposeAsync();

    /// <summary>Skips the calling test (as <c>Assert.Skip</c> does) when no engine answers and skipping is allowed.</summary>
    public void SkipIfNoEngine()
    {
        if (Module.Availability is { ShouldSkip: true } availability)
        {
            throw EngineGate.SkipException(availability.Reason);
        }
    }
}
