using System.Runtime.CompilerServices;
using Xunit;

namespace Ociman.Testing.XunitV3;

/// <summary>A theory that needs a container engine: skipped with a reason when none answers, failed instead in CI.</summary>
/// <remarks>Same rule as <see cref="ContainerFactAttribute"/>, applied to every data row.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContainerTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute (the compiler fills in the source location).</summary>
    public ContainerTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = EngineGate.SkipReason;
        SkipType = typeof(EngineGate);
        SkipUnless = nameof(EngineGate.ShouldRun);
    }
}
