using System.Text.RegularExpressions;

namespace Ociman.Docs.Tests.Markdown;

/// <summary>A fenced code block: its info string, the 1-based line of its first content line, and its text.</summary>
public sealed record CodeBlock(string File, int FirstLine, string Info, string Text)
{
    /// <summary>The first word of the info string (<c>csharp</c>, <c>text</c>, …); empty when the fence names none.</summary>
    public string Language => Info.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;

    /// <summary>The words after the language (<c>ignore</c>, <c>name=…</c>, <c>with=…</c>).</summary>
    public IReadOnlyList<string> Options => Info.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

    /// <summary>Where the block is, as an editor or a build log names a place: <c>README.md:56</c>.</summary>
    public string Location => $"{File}:{FirstLine}";
}

/// <summary>A link to a local file or folder, found outside code blocks and code spans.</summary>
public sealed record LocalLink(string File, int Line, string Target);

/// <summary>A Markdown file split into what the docs tests look at: fenced code blocks and links.</summary>
public sealed partial class MarkdownFile
{
    private MarkdownFile(string relativePath, IReadOnlyList<CodeBlock> blocks, IReadOnlyList<LocalLink> links)
    {
        RelativePath = relativePath;
        Blocks = blocks;
        Links = links;
    }

    /// <summary>The path from the repository root, with <c>/</c> separators.</summary>
    public string RelativePath { get; }

    /// <summary>Every fenced code block, in order.</summary>
    public IReadOnlyList<CodeBlock> Blocks { get; }

    /// <summary>Every link whose target is not a URL or an anchor in the same page.</summary>
    public IReadOnlyList<LocalLink> Links { get; }

    /// <summary>Reads <paramref name="relativePath"/> under <paramref name="root"/>.</summary>
    public static MarkdownFile Read(string root, string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(root, relativePath));
        var blocks = new List<CodeBlock>();
        var links = new List<LocalLink>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpening().Match(lines[i]);
            if (!open.Success)
            {
                links.AddRange(LinksIn(lines[i]).Select(target => new LocalLink(relativePath, i + 1, target)));
                continue;
            }

            var fence = open.Groups["fence"].Value;
            var first = i + 1;
            var end = first;
            while (end < lines.Length && !IsClosing(lines[end], fence))
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidDataException($"{relativePath}:{i + 1}: the code block opened here is never closed.");
            }

            blocks.Add(new CodeBlock(relativePath, first + 1, open.Groups["info"].Value.Trim(), string.Join('\n', lines[first..end]) + "\n"));
            i = end;
        }

        return new MarkdownFile(relativePath, blocks, links);
    }

    private static bool IsClosing(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static IEnumerable<string> LinksIn(string line)
    {
        var prose = CodeSpan().Replace(line, string.Empty);
        foreach (Match link in InlineLink().Matches(prose))
        {
            var target = link.Groups["target"].Value;
            if (!target.StartsWith('#') && !UrlScheme().IsMatch(target))
            {
                yield return target;
            }
        }
    }

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UrlScheme();
}
