using Microsoft.Extensions.Logging;

namespace Ociman.Logging;

// The API transport's messages (event ids 1400–1449). Request bodies (environment values) and standard input are never logged.
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Connected to {Engine} {EngineVersion} at {Endpoint}: speaking Engine API {ApiVersion} (the engine's newest: {EngineApiVersion})")]
    public static partial void ApiConnected(ILogger logger, string engine, string engineVersion, string endpoint, string apiVersion, string engineApiVersion);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Requesting {Request}")]
    public static partial void ApiRequestStarting(ILogger logger, string request);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "{Engine} is used through its command-line tool: its API cannot be used ({Reason})")]
    public static partial void ApiNotUsed(ILogger logger, string engine, string reason);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Started a private Podman service for this process on {Socket} in {ElapsedMilliseconds} ms (it ends with the process)")]
    public static partial void PrivatePodmanServiceStarted(ILogger logger, string socket, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "{Request} answered in {ElapsedMilliseconds} ms")]
    public static partial void ApiRequestFinished(ILogger logger, string request, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "{Request} failed with {StatusCode} after {ElapsedMilliseconds} ms")]
    public static partial void ApiRequestFailed(ILogger logger, string request, int statusCode, long elapsedMilliseconds);
}
