using Microsoft.Extensions.Logging;

namespace Ociman.Testing.Logging;

/// <summary>Every log message of the fixture layer, with fixed event ids (2000–2099; the engine API uses 1000–1399).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Removed {Count} orphaned container(s) and network(s) of test processes that are gone")]
    public static partial void OrphansSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "{Fixture}: no container engine answers; tests that need one will be skipped ({Reason})")]
    public static partial void EngineMissing(ILogger logger, string fixture, string reason);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Debug, Message = "Session {SessionId}: the reaper (pid {ReaperPid}, own session) removes this session's containers and networks when this process ends")]
    public static partial void ReaperStarted(ILogger logger, string sessionId, string reaperPid);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "No reaper for this session ({Reason}); containers of a killed test process are removed by the next session's sweep")]
    public static partial void ReaperOff(ILogger logger, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "{Fixture}: starting {Image}")]
    public static partial void Starting(ILogger logger, string fixture, string image);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "{Fixture}: container {ContainerId} ready in {ElapsedMilliseconds} ms")]
    public static partial void Ready(ILogger logger, string fixture, string containerId, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "{Fixture}: seed step {Step}: {Description}")]
    public static partial void Seeding(ILogger logger, string fixture, int step, string description);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "{Fixture}: snapshot {Snapshot} found; no seed step runs")]
    public static partial void SnapshotHit(ILogger logger, string fixture, string snapshot);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "{Fixture}: snapshot {Snapshot} absent; seeding and committing it")]
    public static partial void SnapshotMiss(ILogger logger, string fixture, string snapshot);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "{Fixture}: committed snapshot {Snapshot}")]
    public static partial void SnapshotCommitted(ILogger logger, string fixture, string snapshot);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "{Fixture}: failed to start")]
    public static partial void StartFailed(ILogger logger, string fixture, Exception exception);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "{Fixture}: stopped and removed container {ContainerId}")]
    public static partial void Stopped(ILogger logger, string fixture, string containerId);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "Could not remove orphaned container {ContainerId} of a test process that is gone; it is left for a later sweep")]
    public static partial void OrphanNotRemoved(ILogger logger, string containerId, Exception exception);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Warning, Message = "Could not remove orphaned network {Network} of a test process that is gone; it is left for a later sweep")]
    public static partial void OrphanedNetworkNotRemoved(ILogger logger, string network, Exception exception);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "The sweep of orphaned containers failed; the engine is used anyway and the orphans are left for a later sweep")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "Container {ContainerId} carries session labels inherited from its image (started from a committed image, not by a test session); the sweep leaves it")]
    public static partial void InheritedSessionLabels(ILogger logger, string containerId);
}
