using Xunit;

namespace Ociman.Testing.Xunit;

/// <summary>A <see cref="TheoryAttribute"/> for a data-driven test that needs a container engine: skipped with the reason when none answers, except in CI.</summary>
/// <remarks>The same rules as <see cref="ContainerFactAttribute"/>: skip locally, fail when <c>CI</c> is set or <c>OCIMAN_REQUIRE_ENGINE=1</c>.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class ContainerTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute, probing the engine once per process.</summary>
    public ContainerTheoryAttribute()
    {
        if (EngineSkip.Reason() is { } reason)
        {
            Skip = reason;
        }
    }
}
