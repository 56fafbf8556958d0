using Microsoft.Extensions.Logging;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>Every message the xUnit v3 adapter logs, with fixed event ids.</summary>
/// <remarks>Event ids 2300–2399: fixture lifecycle in the xUnit v3 adapter.</remarks>
internal static partial class XunitLog
{
    public const string FixtureCategory = "Ociman.Testing.XunitV3.Fixture";

    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Starting fixture {Fixture}")]
    public static partial void FixtureStarting(ILogger logger, string fixture);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Fixture {Fixture} started container {ContainerId} in {ElapsedMilliseconds} ms (from snapshot: {FromSnapshot}, seed steps run: {SeedSteps})")]
    public static partial void FixtureStarted(ILogger logger, string fixture, string containerId, long elapsedMilliseconds, bool fromSnapshot, int seedSteps);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Fixture {Fixture} started nothing, its tests will be skipped: {Reason}")]
    public static partial void FixtureSkipped(ILogger logger, string fixture, string reason);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Error, Message = "Fixture {Fixture} failed to start after {ElapsedMilliseconds} ms")]
    public static partial void FixtureFailed(ILogger logger, string fixture, long elapsedMilliseconds, Exception exception);
}
