using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>Writes log messages into xUnit v3: the running test's output, else diagnostic messages.</summary>
/// <remarks>
/// Each message goes to <see cref="TestContext.TestOutputHelper"/> of the test running on the logging thread, so it
/// appears with that test's result. Outside a test (fixture startup and disposal) it goes to the
/// <see cref="IMessageSink"/> given to the constructor, or else to <see cref="TestContext.SendDiagnosticMessage(string)"/>;
/// runners show those with <c>"diagnosticMessages": true</c> in <c>xunit.runner.json</c>.
/// </remarks>
public sealed class XunitLoggerProvider : TextLoggerProvider
{
    /// <summary>Creates a provider.</summary>
    /// <param name="messageSink">Where messages logged outside a test go; null for the current context's diagnostic messages.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerProvider(IMessageSink? messageSink = null, LogLevel minimumLevel = LogLevel.Information)
        : base(line => Write(line, messageSink), minimumLevel)
    {
    }

    private static void Write(string text, IMessageSink? messageSink)
    {
        var context = TestContext.Current;
        if (context.TestState is null && context.TestOutputHelper is { } output)
        {
            try
            {
                output.WriteLine(text);
                return;
            }
            catch (InvalidOperationException)
            {
                // The test finished between the check and the write: fall through to the diagnostic messages.
            }
        }

        if (messageSink is not null)
        {
            messageSink.OnMessage(new DiagnosticMessage(text));
        }
        else
        {
            context.SendDiagnosticMessage(text);
        }
    }
}
