using System.Runtime.CompilerServices;
using Xunit;

namespace Ociman.Testing.XunitV3;

/// <summary>A fact that needs a container engine: skipped with a reason when none answers, failed instead in CI.</summary>
/// <remarks>
/// Sets <see cref="FactAttribute.Skip"/> to <see cref="EngineGate.SkipReason"/> and <see cref="FactAttribute.SkipUnless"/>
/// to <see cref="EngineGate.ShouldRun"/>, which xUnit evaluates when the test is about to run. When <c>CI</c> is set
/// or <c>OCIMAN_REQUIRE_ENGINE=1</c>, the test never skips: it fails through its fixture with
/// <see cref="EngineRequiredException"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContainerFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute (the compiler fills in the source location).</summary>
    public ContainerFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = EngineGate.SkipReason;
        SkipType = typeof(EngineGate);
        SkipUnless = nameof(EngineGate.ShouldRun);
    }
}
