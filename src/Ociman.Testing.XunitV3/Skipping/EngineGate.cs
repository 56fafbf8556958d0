using Xunit.v3;

namespace Ociman.Testing.XunitV3;

/// <summary>Decides whether tests that need a container engine run, skip or fail.</summary>
/// <remarks>
/// The engine is probed once per process (<see cref="TestEngine.GetAvailabilityAsync"/>). Tests skip only when no engine
/// answers and skipping is allowed; when <c>CI</c> is set or <c>OCIMAN_REQUIRE_ENGINE=1</c>, they run and fail through
/// their fixture with <see cref="EngineRequiredException"/>, so CI can never go green by skipping.
/// <para>
/// Public on purpose: xUnit v3 reads <see cref="ShouldRun"/> by name through <c>SkipType</c>/<c>SkipUnless</c> of
/// <c>[ContainerFact]</c>, and a test with a plain <c>[Fact]</c> calls <see cref="SkipIfUnavailableAsync"/> first.
/// </para>
/// </remarks>
public static class EngineGate
{
    /// <summary>The reason <see cref="ContainerFactAttribute"/> and <see cref="ContainerTheoryAttribute"/> give when they skip.</summary>
    public const string SkipReason =
        "No container engine answers (tried Docker and Podman, honouring OCIMAN_BACKEND); set CI or OCIMAN_REQUIRE_ENGINE=1 to fail instead of skipping.";

    /// <summary>Whether tests that need an engine should run: an engine answers, or a missing engine must fail them.</summary>
    /// <remarks>The <c>SkipUnless</c> condition of <see cref="ContainerFactAttribute"/>; the first call probes the engine.</remarks>
    public static bool ShouldRun => !Probe().ShouldSkip;

    /// <summary>Skips the calling test with the probe's reason when no engine answers and skipping is allowed.</summary>
    /// <remarks>Works like <c>Assert.Skip</c>: it throws an exception xUnit v3 reports as a skip.</remarks>
    public static async ValueTask SkipIfUnavailableAsync()
    {
        Logging.AdapterLogging.EnsureInstalled();
        var availability = await TestEngine.GetAvailabilityAsync().ConfigureAwait(false);
        if (availability.ShouldSkip)
        {
            throw SkipException(availability.Reason);
        }
    }

    /// <summary>An exception that xUnit v3 turns into a skip with <paramref name="reason"/> (what <c>Assert.Skip</c> throws).</summary>
    internal static Exception SkipException(string reason) => new EngineUnavailableException(DynamicSkipToken.Value + reason);

    // The probe is async; run it off xUnit's synchronization context so blocking on it cannot deadlock.
    private static EngineAvailability Probe()
    {
        Logging.AdapterLogging.EnsureInstalled();
        return Task.Run(() => TestEngine.GetAvailabilityAsync()).GetAwaiter().GetResult();
    }

    private sealed class EngineUnavailableException(string message) : Exception(message);
}
