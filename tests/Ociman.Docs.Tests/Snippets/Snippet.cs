using Ociman.Docs.Tests.Markdown;
using Ociman.Docs.Tests.Support;

namespace Ociman.Docs.Tests.Snippets;

/// <summary>
/// A <c>```csharp</c> block of the docs and what its info string says about it. The convention:
/// <list type="bullet">
/// <item><c>```csharp</c>: a complete file as a user would paste it into a fresh project (usings included); it compiles alone.</item>
/// <item><c>```csharp name=ID</c>: the same, and later blocks of the same page may build on it.</item>
/// <item><c>```csharp with=ID[,ID…]</c>: compiles together with the named blocks of the same page (and what they build
/// on), as a user who pasted each of them into a file of one project.</item>
/// <item><c>```csharp ignore</c>: not compiled (say why in the text around it).</item>
/// </list>
/// Console output and other text use another language (<c>```text</c>); a fence without a language is refused.
/// </summary>
public sealed record Snippet(CodeBlock Block, bool Ignored, string? Name, IReadOnlyList<string> With)
{
    /// <summary>The language of C# blocks: the only spelling the docs use, so no C# can hide under another one.</summary>
    public const string Language = "csharp";

    private static readonly string[] OtherCSharpSpellings = ["cs", "c#", "C#", "CSharp", "csharp-script"];

    /// <summary>Every <c>```csharp</c> block of README.md and docs/*.md that is not marked <c>ignore</c>, by location.</summary>
    public static IReadOnlyDictionary<string, Snippet> All { get; } = Repository.Documents
        .SelectMany(document => document.Blocks)
        .Where(block => block.Language == Language)
        .Select(ParseOrPlain)
        .ToDictionary(snippet => snippet.Block.Location, StringComparer.Ordinal);

    /// <summary>Reads the options of a <c>```csharp</c> block; an option this convention does not know is refused.</summary>
    public static Snippet Parse(CodeBlock block)
    {
        var ignored = false;
        string? name = null;
        var with = new List<string>();
        foreach (var option in block.Options)
        {
            if (option == "ignore")
            {
                ignored = true;
            }
            else if (option.StartsWith("name=", StringComparison.Ordinal) && option.Length > 5)
            {
                name = option[5..];
            }
            else if (option.StartsWith("with=", StringComparison.Ordinal) && option.Length > 5)
            {
                with.AddRange(option[5..].Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                throw new FormatException($"{block.Location}: unknown option '{option}' after ```csharp (allowed: ignore, name=ID, with=ID[,ID…]).");
            }
        }

        return new Snippet(block, ignored, name, with);
    }

    // A bad option is reported by the fence test; here the block still counts, so it is compiled all the same.
    private static Snippet ParseOrPlain(CodeBlock block)
    {
        try
        {
            return Parse(block);
        }
        catch (FormatException)
        {
            return new Snippet(block, false, null, []);
        }
    }

    /// <summary>What is wrong with the fence of <paramref name="block"/> for this convention, or null.</summary>
    public static string? FenceProblem(CodeBlock block)
    {
        if (block.Language.Length == 0)
        {
            return $"{block.Location}: a code block without a language; use ```{Language} for C# (compiled by this test) or ```text, ```sh, … for the rest.";
        }

        if (OtherCSharpSpellings.Contains(block.Language, StringComparer.Ordinal))
        {
            return $"{block.Location}: ```{block.Language} is not checked; C# blocks are ```{Language}.";
        }

        if (block.Language != Language)
        {
            return null;
        }

        try
        {
            Parse(block);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// The blocks a user pastes to compile this one: what it is compiled <c>with</c> (transitively, each once, in page
    /// order), then itself.
    /// </summary>
    public IReadOnlyList<Snippet> Group()
    {
        var page = All.Values.Where(s => s.Block.File == Block.File).ToList();
        var group = new List<Snippet>();
        Add(this, []);
        return group.OrderBy(s => s.Block.FirstLine).ToList();

        void Add(Snippet snippet, HashSet<string> path)
        {
            if (group.Contains(snippet))
            {
                return;
            }

            foreach (var id in snippet.With)
            {
                var named = page.SingleOrDefault(s => s.Name == id)
                    ?? throw new InvalidOperationException($"{snippet.Block.Location}: with={id}, but no ```csharp block of {Block.File} has name={id}.");
                if (!path.Add(id))
                {
                    throw new InvalidOperationException($"{snippet.Block.Location}: with={id} makes a cycle.");
                }

                Add(named, path);
                path.Remove(id);
            }

            group.Add(snippet);
        }
    }
}
