using Microsoft.Extensions.Logging;
using NUnit.Framework;
using NUnit.Framework.Internal;

namespace Ociman.Testing.NUnit.Tests.Lifecycle;

public sealed class LoggingSpecs
{
    [Test]
    public void Log_messages_at_or_above_the_minimum_level_go_to_the_tests_output()
    {
        using var factory = new NUnitLoggerFactory(LogLevel.Information);
        var logger = factory.CreateLogger("Ociman.Sample");

        logger.Log(LogLevel.Information, default, "container abc123 started", null, (s, _) => s);
        logger.Log(LogLevel.Debug, default, "a debug line that is filtered out", null, (s, _) => s);
        logger.Log(LogLevel.Warning, default, "something odd", new InvalidOperationException("the cause"), (s, _) => s);

        var output = TestExecutionContext.CurrentContext.CurrentResult.Output;
        Assert.That(output, Does.Contain("] info: Ociman.Sample container abc123 started"));
        Assert.That(output, Does.Contain("] warn: Ociman.Sample something odd"));
        Assert.That(output, Does.Contain("System.InvalidOperationException: the cause"));
        Assert.That(output, Does.Not.Contain("filtered out"));
    }

    [Test]
    public void Log_messages_for_the_progress_writer_are_not_attached_to_the_test()
    {
        using var factory = new NUnitLoggerFactory(LogLevel.Information, NUnitLogOutput.Progress);

        factory.CreateLogger("Ociman.Sample").Log(LogLevel.Information, default, "a progress line", null, (s, _) => s);

        Assert.That(TestExecutionContext.CurrentContext.CurrentResult.Output, Does.Not.Contain("a progress line"));
    }
}
