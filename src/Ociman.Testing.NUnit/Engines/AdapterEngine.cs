using Microsoft.Extensions.Logging;

namespace Ociman.Testing.NUnit;

/// <summary>The adapter's way to the process-wide engine: routes the engine's log into NUnit's output before the first probe.</summary>
internal static class AdapterEngine
{
    /// <summary>The environment variable that sets the level of the engine's log in NUnit's output (<c>None</c> turns it off).</summary>
    public const string LogLevelVariable = TestEngine.AdapterLogLevelVariable;

    public static Task<EngineAvailability> GetAvailabilityAsync()
    {
        // A factory the user chose (TestEngine.UseLoggerFactory, before or after this) wins.
        TestEngine.UseAdapterLoggerFactory(level => new NUnitLoggerFactory(level));
        return TestEngine.GetAvailabilityAsync();
    }
}
