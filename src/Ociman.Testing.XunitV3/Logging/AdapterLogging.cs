using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>
/// Routes the shared engine's log into xUnit v3's output, the first time the adapter touches the engine: into the
/// output of the test running when the engine logs (its commands at <c>Debug</c>, containers started, stopped and committed at
/// <c>Information</c>), else as diagnostic messages. <c>OCIMAN_TEST_LOG_LEVEL</c> sets the level (default
/// <c>Information</c>; <c>None</c> turns it off); a factory given to <see cref="TestEngine.UseLoggerFactory"/>, before or
/// after, wins.
/// </summary>
internal static class AdapterLogging
{
    public static void EnsureInstalled(IMessageSink? messageSink = null) =>
        TestEngine.UseAdapterLoggerFactory(level => new XunitLoggerFactory(messageSink, level));
}
