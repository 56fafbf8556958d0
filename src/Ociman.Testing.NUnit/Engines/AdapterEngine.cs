using Microsoft.Extensions.Logging;

namespace Ociman.Testing.NUnit;

/// <summary>The adapter's way to the process-wide engine: routes the engine's log into NUnit's output before the first probe.</summary>
internal static class AdapterEngine
{
    /// <summary>The environment variable that sets the level of the engine's log in NUnit's output (<c>None</c> turns it off).</summary>
    public const string LogLevelVariable = "OCIMAN_TEST_LOG_LEVEL";

    private static int _loggingInstalled;

    public static Task<EngineAvailability> GetAvailabilityAsync()
    {
        if (Interlocked.Exchange(ref _loggingInstalled, 1) == 0)
        {
            var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LogLevelVariable), ignoreCase: true, out var parsed)
                ? parsed
                : LogLevel.Information;
            if (level != LogLevel.None)
            {
                TestEngine.UseLoggerFactory(new NUnitLoggerFactory(level));
            }
        }

        return TestEngine.GetAvailabilityAsync();
    }
}
