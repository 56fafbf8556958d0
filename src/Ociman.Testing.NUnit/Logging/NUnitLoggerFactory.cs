using Microsoft.Extensions.Logging;

namespace Ociman.Testing.NUnit;

/// <summary>A minimal <see cref="ILoggerFactory"/> over <see cref="NUnitLoggerProvider"/> (and any providers added to it).</summary>
/// <remarks>
/// It needs only <c>Microsoft.Extensions.Logging.Abstractions</c>. Pass it to <see cref="ContainerFixtureBase.LoggerFactory"/>
/// or to <see cref="TestEngine.UseLoggerFactory"/> to see what the fixtures and the engine do in NUnit's output.
/// </remarks>
public sealed class NUnitLoggerFactory : TextLoggerFactory
{
    /// <summary>Creates a factory that writes messages at <paramref name="minimumLevel"/> or above to <paramref name="output"/>.</summary>
    public NUnitLoggerFactory(LogLevel minimumLevel = LogLevel.Information, NUnitLogOutput output = NUnitLogOutput.Out)
        : base(new NUnitLoggerProvider(minimumLevel, output))
    {
    }
}
