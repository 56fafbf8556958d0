using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>Logger factories that write into xUnit v2's test output or diagnostic messages.</summary>
/// <example>
/// <code>
/// public sealed class MySpecs(ITestOutputHelper output)
/// {
///     private readonly ILoggerFactory _logs = XunitLogging.CreateLoggerFactory(output, LogLevel.Debug);
/// }
/// </code>
/// </example>
public static class XunitLogging
{
    /// <summary>Creates a logger factory whose loggers write to a test's output (shown with the test's result).</summary>
    /// <param name="output">The test's output helper (xUnit passes it to the test class constructor).</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    public static ILoggerFactory CreateLoggerFactory(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Information) =>
        new TextLoggerFactory(new XunitLoggerProvider(output, minimumLevel));

    /// <summary>Creates a logger factory whose loggers write xUnit diagnostic messages (shown when <c>diagnosticMessages</c> is on).</summary>
    /// <param name="diagnosticMessageSink">The sink xUnit passes to fixture constructors.</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    public static ILoggerFactory CreateLoggerFactory(IMessageSink diagnosticMessageSink, LogLevel minimumLevel = LogLevel.Information) =>
        new TextLoggerFactory(new XunitLoggerProvider(diagnosticMessageSink, minimumLevel));
}
