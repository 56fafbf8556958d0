using Xunit.Abstractions;

namespace Ociman.Testing.Xunit;

/// <summary>A diagnostic message for xUnit's diagnostic sink (xunit.extensibility.core has the interface, not a class).</summary>
internal sealed class OcimanDiagnosticMessage(string message) : IDiagnosticMessage
{
    public string Message { get; } = message;
}
