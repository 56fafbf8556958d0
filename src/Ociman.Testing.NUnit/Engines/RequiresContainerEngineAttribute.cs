using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Ociman.Testing.NUnit;

/// <summary>Marks a test, a fixture or an assembly as needing a container engine: ignored with the reason when none answers, unless a missing engine must fail.</summary>
/// <remarks>
/// The engine is probed once per process (<see cref="TestEngine.GetAvailabilityAsync"/>), when NUnit loads the tests.
/// When no engine answers and skipping is allowed, the test's run state becomes <see cref="RunState.Ignored"/> with the
/// probe's reason. When <c>CI</c> is set or <c>OCIMAN_REQUIRE_ENGINE=1</c>, the attribute does nothing: the test runs and
/// fails through its fixture with <see cref="EngineRequiredException"/>, so CI can never go green by skipping.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Assembly, AllowMultiple = false, Inherited = true)]
public sealed class RequiresContainerEngineAttribute : NUnitAttribute, IApplyToTest
{
    /// <summary>Ignores <paramref name="test"/> with the probe's reason when no engine answers and skipping is allowed.</summary>
    public void ApplyToTest(Test test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.RunState is RunState.NotRunnable or RunState.Ignored)
        {
            // Keep the reason NUnit (or another attribute) already gave.
            return;
        }

        // Cached after the first call; the probe awaits nothing on a synchronization context, so blocking is safe.
        var availability = AdapterEngine.GetAvailabilityAsync().GetAwaiter().GetResult();
        if (availability.ShouldSkip)
        {
            test.RunState = RunState.Ignored;
            test.Properties.Set(PropertyNames.SkipReason, availability.Reason);
        }
    }
}
