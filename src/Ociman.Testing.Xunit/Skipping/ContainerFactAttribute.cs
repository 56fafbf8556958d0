using Xunit;

namespace Ociman.Testing.Xunit;

/// <summary>A <see cref="FactAttribute"/> for a test that needs a container engine: skipped with the reason when none answers, except in CI.</summary>
/// <remarks>
/// <para>
/// The engine is probed once per process (honouring <c>OCIMAN_BACKEND</c>) when xUnit discovers the test. When no
/// engine answers, the test is skipped and the skip reason says why — unless <c>CI</c> is set or
/// <c>OCIMAN_REQUIRE_ENGINE=1</c>: then the test runs and fails through its fixture with
/// <see cref="EngineRequiredException"/>, so CI can never go green by skipping. An explicit <c>Skip = "…"</c> wins.
/// </para>
/// <para>
/// No <c>Timeout</c> is set: xUnit v2 enforces <c>Timeout</c> only when test parallelization is off
/// (<c>[assembly: CollectionBehavior(DisableTestParallelization = true)]</c>); set it per test when it is.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class ContainerFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute, probing the engine once per process.</summary>
    public ContainerFactAttribute()
    {
        if (EngineSkip.Reason() is { } reason)
        {
            Skip = reason;
        }
    }
}
