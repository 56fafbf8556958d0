using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>Starts fixtures the NUnit way: with the test's cancellation token, logging into NUnit's output, and <see cref="Assert.Ignore(string)"/> when no engine answers.</summary>
/// <remarks>Call these from your own <c>[OneTimeSetUp]</c> when a test class holds its fixture itself.</remarks>
public static class ContainerFixtureExtensions
{
    /// <summary>Starts <paramref name="fixture"/>; ignores the running tests with the reason when no engine answers and skipping is allowed.</summary>
    /// <param name="fixture">The fixture to start.</param>
    /// <param name="cancellationToken">Cancels the start; when none is given, NUnit's <see cref="TestContext.CancellationToken"/> for the current context.</param>
    /// <exception cref="IgnoreException">No engine answers and skipping is allowed (NUnit reports the tests as ignored).</exception>
    /// <exception cref="EngineRequiredException">No engine answers and <c>CI</c> or <c>OCIMAN_REQUIRE_ENGINE=1</c> is set.</exception>
    /// <exception cref="ContainerStartupException">The container did not start, become ready or seed; the message has its last log lines.</exception>
    public static async Task StartOrIgnoreAsync(this ContainerFixtureBase fixture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.CurrentContext.CancellationToken;
        if (fixture.LoggerFactory is NullLoggerFactory)
        {
            fixture.LoggerFactory = new NUnitLoggerFactory();
        }

        await AdapterEngine.GetAvailabilityAsync().ConfigureAwait(false);
        await fixture.StartAsync(token).ConfigureAwait(false);
        IgnoreIfSkipping(fixture.Availability);
    }

    /// <summary>Builds <paramref name="fixture"/>'s image unless present; ignores the running tests with the reason when no engine answers and skipping is allowed.</summary>
    /// <param name="fixture">The fixture to start.</param>
    /// <param name="cancellationToken">Cancels the build; when none is given, NUnit's <see cref="TestContext.CancellationToken"/> for the current context.</param>
    /// <exception cref="IgnoreException">No engine answers and skipping is allowed.</exception>
    /// <exception cref="EngineRequiredException">No engine answers and <c>CI</c> or <c>OCIMAN_REQUIRE_ENGINE=1</c> is set.</exception>
    public static async Task StartOrIgnoreAsync(this ImageFixtureBase fixture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.CurrentContext.CancellationToken;
        await AdapterEngine.GetAvailabilityAsync().ConfigureAwait(false);
        await fixture.StartAsync(token).ConfigureAwait(false);
        IgnoreIfSkipping(fixture.Availability);
    }

    /// <summary>Creates <paramref name="fixture"/>'s network; ignores the running tests with the reason when no engine answers and skipping is allowed.</summary>
    /// <param name="fixture">The network fixture to start.</param>
    /// <param name="cancellationToken">Cancels the creation; when none is given, NUnit's <see cref="TestContext.CancellationToken"/> for the current context.</param>
    /// <exception cref="IgnoreException">No engine answers and skipping is allowed.</exception>
    /// <exception cref="EngineRequiredException">No engine answers and <c>CI</c> or <c>OCIMAN_REQUIRE_ENGINE=1</c> is set.</exception>
    public static async Task StartOrIgnoreAsync(this NetworkFixtureBase fixture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.CurrentContext.CancellationToken;
        await AdapterEngine.GetAvailabilityAsync().ConfigureAwait(false);
        await fixture.StartAsync(token).ConfigureAwait(false);
        IgnoreIfSkipping(fixture.Availability);
    }

    private static void IgnoreIfSkipping(EngineAvailability? availability)
    {
        if (availability is { ShouldSkip: true })
        {
            Assert.Ignore(availability.Reason);
        }
    }
}
