using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ociman.Docs.Tests.Snippets;

/// <summary>
/// Compiles a snippet as a user's project would: each block of its group as a file of its own (its usings are the
/// block's, plus the project's implicit ones), against the references of a fresh project of the snippet's kind.
/// </summary>
public static class SnippetCompiler
{
    // A fresh `dotnet new` project on .NET 10: the SDK's default language version, nullable reference types on.
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Default);

    /// <summary>Parses each block of <paramref name="group"/>, named by its Markdown file and mapped to its lines there.</summary>
    public static IReadOnlyList<(Snippet Snippet, SyntaxTree Tree)> Parse(IReadOnlyList<Snippet> group) =>
        group.Select(s => (s, CSharpSyntaxTree.ParseText(s.Block.Text, ParseOptions, path: s.Block.File))).ToList();

    /// <summary>
    /// The kind of project the blocks belong in, told by the adapter their usings name; <see cref="SnippetFramework.Core"/>
    /// when they name none.
    /// </summary>
    /// <exception cref="InvalidOperationException">The blocks name more than one test framework.</exception>
    public static SnippetFramework FrameworkOf(IEnumerable<(Snippet Snippet, SyntaxTree Tree)> trees)
    {
        var frameworks = trees
            .SelectMany(t => t.Tree.GetCompilationUnitRoot().DescendantNodes().OfType<UsingDirectiveSyntax>())
            .Select(u => u.Name?.ToString() ?? string.Empty)
            .Select(name => Within(name, "Ociman.Testing.Xunit") ? SnippetFramework.XunitV2
                : Within(name, "Ociman.Testing.XunitV3") ? SnippetFramework.XunitV3
                : Within(name, "Ociman.Testing.NUnit") || Within(name, "NUnit.Framework") ? SnippetFramework.NUnit
                : SnippetFramework.Core)
            .Where(f => f != SnippetFramework.Core)
            .Distinct()
            .ToList();
        return frameworks.Count switch
        {
            0 => SnippetFramework.Core,
            1 => frameworks[0],
            _ => throw new InvalidOperationException($"the usings name more than one test framework ({string.Join(", ", frameworks)}): a project has one."),
        };
    }

    private static bool Within(string name, string namespaceName) =>
        name == namespaceName || name.StartsWith(namespaceName + ".", StringComparison.Ordinal);

    /// <summary>
    /// Compiles the group and returns what is wrong with it, each as <c>file:line:column: message</c> with the line of
    /// the Markdown file: its compiler errors, else the constant text it gives an Ociman <c>Parse</c> or
    /// <c>ContainerDefinition.For</c> that the packed assembly refuses (a placeholder that compiles but throws).
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<(Snippet Snippet, SyntaxTree Tree)> trees, ProjectInputs inputs, Assembly ociman)
    {
        var implicitUsings = CSharpSyntaxTree.ParseText(inputs.ImplicitUsings, ParseOptions, path: "(the project's implicit usings)");
        var hasTopLevelStatements = trees.Any(t => t.Tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        var options = new CSharpCompilationOptions(
            hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create(
            "Snippet", [implicitUsings, .. trees.Select(t => t.Tree)], inputs.References, options);

        var firstLines = trees.ToDictionary(t => t.Tree, t => t.Snippet.Block.FirstLine);
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => At(d.Location, firstLines, $"error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}"))
            .ToList();
        return errors.Count > 0 ? errors : RefusedValues(compilation, trees, ociman, firstLines);
    }

    private static List<string> RefusedValues(
        CSharpCompilation compilation, IReadOnlyList<(Snippet Snippet, SyntaxTree Tree)> trees, Assembly ociman, Dictionary<SyntaxTree, int> firstLines)
    {
        var problems = new List<string>();
        foreach (var (_, tree) in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol { IsStatic: true, Parameters: [{ Type.SpecialType: SpecialType.System_String }] } method
                    || method.ContainingNamespace.ToDisplayString() != "Ociman"
                    || !(method.Name == "Parse" || (method.Name == "For" && method.ContainingType.Name == "ContainerDefinition"))
                    || call.ArgumentList.Arguments is not [var argument]
                    || model.GetConstantValue(argument.Expression) is not { HasValue: true, Value: string value })
                {
                    continue;
                }

                var runtime = ociman.GetType(method.ContainingType.ToDisplayString(), throwOnError: true)!
                    .GetMethod(method.Name, BindingFlags.Public | BindingFlags.Static, [typeof(string)])!;
                try
                {
                    runtime.Invoke(null, [value]);
                }
                catch (TargetInvocationException ex) when (ex.InnerException is FormatException or ArgumentException)
                {
                    problems.Add(At(argument.GetLocation(), firstLines,
                        $"{method.ContainingType.Name}.{method.Name}(\"{value}\") throws {ex.InnerException.GetType().Name}: {ex.InnerException.Message}"));
                }
            }
        }

        return problems;
    }

    private static string At(Location location, Dictionary<SyntaxTree, int> firstLines, string message)
    {
        var span = location.GetLineSpan();
        var line = location.SourceTree is { } tree && firstLines.TryGetValue(tree, out var first)
            ? first + span.StartLinePosition.Line
            : span.StartLinePosition.Line + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{span.Path}:{line}:{span.StartLinePosition.Character + 1}: {message}");
    }
}
