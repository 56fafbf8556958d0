using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>Where <see cref="NUnitLoggerProvider"/> writes.</summary>
public enum NUnitLogOutput
{
    /// <summary><see cref="TestContext.Out"/>: the output of the test or fixture that is running when the message is logged.</summary>
    Out,

    /// <summary><see cref="TestContext.Progress"/>: shown at once by the runner, not attached to a test.</summary>
    Progress,
}

/// <summary>An <see cref="ILoggerProvider"/> that writes log messages into NUnit's output.</summary>
/// <remarks>
/// The writer is looked up for every message, so a message logged while a test (or a fixture's
/// <c>OneTimeSetUp</c>) runs is attached to that test's output. Each message is one line:
/// <c>[level] category: message</c>, followed by the exception when there is one.
/// </remarks>
public sealed class NUnitLoggerProvider : TextLoggerProvider
{
    /// <summary>Creates a provider that writes messages at <paramref name="minimumLevel"/> or above to <paramref name="output"/>.</summary>
    public NUnitLoggerProvider(LogLevel minimumLevel = LogLevel.Information, NUnitLogOutput output = NUnitLogOutput.Out)
        : base(line => (output == NUnitLogOutput.Progress ? TestContext.Progress : TestContext.Out).WriteLine(line), minimumLevel)
    {
        Output = output;
    }

    /// <summary>Which of NUnit's writers the messages go to.</summary>
    public NUnitLogOutput Output { get; }
}
