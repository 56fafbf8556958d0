using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>An <see cref="ILoggerProvider"/> that writes one line per message into a test's output or xUnit's diagnostic messages.</summary>
/// <remarks>
/// Lines look like <c>[  0.412s] info: Ociman.Engine[1200] Started container …</c>: the time since the provider was
/// created, the level, the category, the event id and the message, then the exception, if any, on the next lines.
/// Writing after the test has finished (a container log that arrives late) is dropped, not thrown. Add it to a
/// <c>LoggerFactory</c> of your own with <c>AddProvider</c>, or use <see cref="XunitLogging"/>.
/// </remarks>
public sealed class XunitLoggerProvider : TextLoggerProvider
{
    /// <summary>Creates a provider that writes into a test's output.</summary>
    /// <param name="output">The test's output helper.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerProvider(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Information)
        : base(line => WriteToTest(output ?? throw new ArgumentNullException(nameof(output)), line), minimumLevel)
    {
        ArgumentNullException.ThrowIfNull(output);
    }

    /// <summary>Creates a provider that writes xUnit diagnostic messages.</summary>
    /// <param name="diagnosticMessageSink">The sink xUnit gives fixtures and test frameworks.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerProvider(IMessageSink diagnosticMessageSink, LogLevel minimumLevel = LogLevel.Information)
        : base(line => (diagnosticMessageSink ?? throw new ArgumentNullException(nameof(diagnosticMessageSink))).OnMessage(new OcimanDiagnosticMessage(line)), minimumLevel)
    {
        ArgumentNullException.ThrowIfNull(diagnosticMessageSink);
    }

    private static void WriteToTest(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // "There is no currently active test": the test this output belongs to has finished.
        }
    }
}
