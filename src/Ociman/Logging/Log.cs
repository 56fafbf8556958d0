using Microsoft.Extensions.Logging;

namespace Ociman.Logging;

/// <summary>Every log message Ociman writes, with fixed event ids.</summary>
/// <remarks>
/// Event ids: 1000–1099 engine commands, 1100–1199 engine detection, 1200–1299 container lifecycle and networks (1210–1219),
/// 1300–1399 images and builds, 1450–1499 engine endpoints, 1530–1549 stopping a cancelled exec. Environment values and standard input are never logged.
/// </remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Running {CommandLine}")]
    public static partial void CommandStarting(ILogger logger, string commandLine);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Finished {CommandLine} with exit code {ExitCode} in {ElapsedMilliseconds} ms")]
    public static partial void CommandFinished(ILogger logger, string commandLine, int exitCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Cancelled {CommandLine} after {ElapsedMilliseconds} ms; the process was killed")]
    public static partial void CommandCancelled(ILogger logger, string commandLine, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Engine probe {Engine} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string engine, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Using {Engine} {Version} (rootless: {Rootless}, selected by {Source})")]
    public static partial void EngineSelected(ILogger logger, string engine, string version, bool rootless, string source);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Started container {ContainerId} from {Image}")]
    public static partial void ContainerStarted(ILogger logger, string containerId, string image);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Stopped container {ContainerId}")]
    public static partial void ContainerStopped(ILogger logger, string containerId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Removed container {ContainerId}")]
    public static partial void ContainerRemoved(ILogger logger, string containerId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Cleaning up after a cancelled or failed start of {Image}: removing containers labelled {Label}")]
    public static partial void CleaningUpAbortedRun(ILogger logger, string image, string label);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Ending the scope of container {ContainerId} (stop and removal) failed")]
    public static partial void ScopeEndFailed(ILogger logger, string containerId, Exception exception);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Committed container {ContainerId} as {Image}")]
    public static partial void ContainerCommitted(ILogger logger, string containerId, string image);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Removing the containers labelled {Label} after a cancelled or failed start failed; the orphan sweep of a test session removes them later")]
    public static partial void AbortedRunCleanupFailed(ILogger logger, string label, Exception exception);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Debug, Message = "Cancellation requested while {CommandLine} is in flight: letting the engine finish it (at most {SettleMilliseconds} ms) so that what it creates can be removed")]
    public static partial void SettlingAfterCancellation(ILogger logger, string commandLine, long settleMilliseconds);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "{CommandLine} did not finish within {SettleMilliseconds} ms after cancellation and was interrupted; a container the engine still creates for it is removed by the orphan sweep, not by this call")]
    public static partial void EngineDidNotSettle(ILogger logger, string commandLine, long settleMilliseconds);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Debug, Message = "Container {ContainerId} was auto-removed before the wait reached it; its exit code {ExitCode} was read from the engine's event log")]
    public static partial void ExitCodeFromEvents(ILogger logger, string containerId, int exitCode);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Building image {Image}")]
    public static partial void ImageBuilding(ILogger logger, string image);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Built image {Image} in {ElapsedMilliseconds} ms")]
    public static partial void ImageBuilt(ILogger logger, string image, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Image {Image} is present; no build needed")]
    public static partial void ImageBuildSkipped(ILogger logger, string image);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Removing the temporary image {Image} failed")]
    public static partial void TemporaryImageRemovalFailed(ILogger logger, string image, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Building {Image} through {Route}: the build arguments {Names} are variables the engine's CLI reads itself")]
    public static partial void BuildingAroundTheCli(ILogger logger, string image, string route, string names);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "The cancelled build of {Image} had not ended {Seconds} s after its steps were killed; its build service was killed")]
    public static partial void CancelledBuildDidNotEnd(ILogger logger, string image, long seconds);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Could not remove buildx's record of the build of {Image}, which holds its build-argument values")]
    public static partial void BuildRecordNotRemoved(ILogger logger, string image, Exception exception);

    [LoggerMessage(EventId = 1450, Level = LogLevel.Debug, Message = "{Engine} is reached at {Endpoint} (from {Source}); published ports at {PublishedPortHost}")]
    public static partial void EndpointResolved(ILogger logger, string engine, string endpoint, string source, string publishedPortHost);
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "The {Engine} probe through the {Transport} transport did not answer within {BoundMilliseconds} ms; it was interrupted and the engine is counted as unavailable")]
    public static partial void ProbeTimedOut(ILogger logger, string engine, string transport, long boundMilliseconds);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "{Engine} did not finish {Operation} within {BoundMilliseconds} ms; it was interrupted")]
    public static partial void HousekeepingTimedOut(ILogger logger, string engine, string operation, long boundMilliseconds);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "The cancelled {Operation} on {Engine} had not been undone {ReturnMilliseconds} ms after the cancellation; the call returns and the cleanup continues in the background (what it cannot remove is left to the orphan sweep)")]
    public static partial void CancelledRunCleanupContinues(ILogger logger, string engine, string operation, long returnMilliseconds);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The background cleanup of a cancelled run on {Engine} failed; what it could not remove is left to the orphan sweep")]
    public static partial void CancelledRunCleanupFailed(ILogger logger, string engine, Exception exception);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Disposing container {ContainerId} did not remove it; it is left to the orphan sweep")]
    public static partial void DisposeRemovalFailed(ILogger logger, string containerId, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "The commit of container {ContainerId} as {Image} reported a failure, but the engine created the image ({ImageId}); the commit is reported as done")]
    public static partial void CommitFailedButImageCreated(ILogger logger, string containerId, string image, string imageId, Exception exception);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Warning, Message = "The followed log of container {ContainerId} ended while the engine could not say the container had stopped")]
    public static partial void FollowEndedByEngine(ILogger logger, string containerId);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Created network {Network} ({NetworkId})")]
    public static partial void NetworkCreated(ILogger logger, string network, string networkId);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Removed network {Network}")]
    public static partial void NetworkRemoved(ILogger logger, string network);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Could not remove network {Network}; it is left to the orphan sweep")]
    public static partial void NetworkNotRemoved(ILogger logger, string network, Exception exception);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Warning, Message = "A network named {Network} exists but does not carry the labels of the create that failed or was cancelled: it is not ours, and it is left alone")]
    public static partial void NetworkNotOurs(ILogger logger, string network);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Debug, Message = "{Operation} {Subject}: {Line}")]
    public static partial void Progress(ILogger logger, string operation, string subject, string line);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "{Operation} {Subject} is still running after {ElapsedSeconds} s; its progress follows ({Lines} line(s) so far)")]
    public static partial void OperationIsSlow(ILogger logger, string operation, string subject, long elapsedSeconds, int lines);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Information, Message = "{Operation} {Subject}: {Line}")]
    public static partial void ProgressSlow(ILogger logger, string operation, string subject, string line);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "{Operation} {Subject}: the first {Dropped} line(s) of progress are not repeated")]
    public static partial void ProgressLinesDropped(ILogger logger, string operation, string subject, int dropped);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "{Operation} {Subject}: the progress hook threw; it is not called again for this operation (the lines still reach the log)")]
    public static partial void ProgressHookFailed(ILogger logger, string operation, string subject, Exception exception);

    [LoggerMessage(EventId = 1532, Level = LogLevel.Debug, Message = "Cancelled: stopped {Count} contained process(es) of {CommandLine}; it ended by itself: {Ended} (after {ElapsedMs} ms)")]
    public static partial void ContainedProcessesStopped(ILogger logger, string commandLine, int count, bool ended, long elapsedMs);

    [LoggerMessage(EventId = 1530, Level = LogLevel.Debug, Message = "Stopped {Count} process(es) of a cancelled exec in container {ContainerId}, from {Route}")]
    public static partial void ExecProcessesStopped(ILogger logger, string containerId, int count, string route);

    [LoggerMessage(EventId = 1531, Level = LogLevel.Warning, Message = "The processes of a cancelled exec in container {ContainerId} (environment {Variable}={Marker}) could not be stopped and may still run: {Seen}; from inside the container: {Reason}")]
    public static partial void ExecProcessesNotStopped(ILogger logger, string containerId, string variable, string marker, string seen, string reason);
}
