using System.Xml.Linq;

namespace Ociman.Testing.Xunit.Tests;

/// <summary>One test's result read from a TRX file.</summary>
public sealed record TrxResult(string TestName, string Outcome, string Text);

public static class Trx
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Every UnitTestResult: name, outcome (Passed, Failed, NotExecuted) and all its text (messages, stack traces, output).</summary>
    public static IReadOnlyList<TrxResult> Read(string path) =>
        [.. XDocument.Load(path).Descendants(Ns + "UnitTestResult").Select(r => new TrxResult(
            (string?)r.Attribute("testName") ?? string.Empty,
            (string?)r.Attribute("outcome") ?? string.Empty,
            string.Concat(r.DescendantNodes().OfType<XText>().Select(t => t.Value + "\n"))))];
}
