using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Logging;

/// <summary>A logger factory over <see cref="XunitLoggerProvider"/>, for <see cref="ContainerFixtureBase.LoggerFactory"/> and <see cref="TestEngine.UseLoggerFactory"/>.</summary>
/// <remarks>
/// To see every engine command in the output of the test that ran it, call
/// <c>TestEngine.UseLoggerFactory(new XunitLoggerFactory(minimumLevel: LogLevel.Debug))</c> — once, anywhere (for
/// example in a <c>[ModuleInitializer]</c>); it takes effect also after the engine was first probed.
/// </remarks>
public sealed class XunitLoggerFactory : TextLoggerFactory
{
    /// <summary>Creates a factory that writes into xUnit (see <see cref="XunitLoggerProvider"/>).</summary>
    /// <param name="messageSink">Where messages logged outside a test go; null for the current context's diagnostic messages.</param>
    /// <param name="minimumLevel">The least severe level written.</param>
    public XunitLoggerFactory(IMessageSink? messageSink = null, LogLevel minimumLevel = LogLevel.Information)
        : base(new XunitLoggerProvider(messageSink, minimumLevel))
    {
    }
}
