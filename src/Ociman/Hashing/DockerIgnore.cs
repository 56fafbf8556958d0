using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ociman.Hashing;

/// <summary>The rules of a <c>.dockerignore</c> file, applied the way Docker and BuildKit apply them.</summary>
/// <remarks>
/// <para>
/// A line starting with <c>#</c> in its first column is a comment. Every other line is trimmed; blank lines are skipped; a leading
/// <c>!</c> makes the line an exception (re-inclusion). The pattern is then cleaned like Go's <c>filepath.Clean</c>
/// (<c>./a//b/</c> becomes <c>a/b</c>) and a leading <c>/</c> is dropped, because the context root is both the working and the root directory.
/// </para>
/// <para>
/// Patterns use Go's <c>filepath.Match</c> syntax: <c>*</c> matches any run of characters except <c>/</c>, <c>?</c> one character
/// except <c>/</c>, <c>[...]</c> a character class with ranges (<c>[a-c]</c>) negated by a leading <c>^</c>, and <c>\</c> escapes the next
/// character. Like Docker, <c>**</c> matches any number of directories (including none); a trailing <c>**</c> matches everything below.
/// </para>
/// <para>
/// A pattern matches a path when it matches the path itself or any of its parent directories, so a pattern naming a directory
/// covers everything below it. The last line that matches decides, so an exception after an exclusion re-includes.
/// </para>
/// <para>
/// Matching takes time linear in the path's length (a non-backtracking matcher, no timeout); a pattern is at most
/// <see cref="MaxPatternLength"/> characters.
/// </para>
/// </remarks>
internal sealed class DockerIgnore
{
    /// <summary>The name of the ignore file at the root of a build context.</summary>
    public const string FileName = ".dockerignore";

    /// <summary>The longest pattern accepted, in characters (Linux paths are at most 4096 bytes).</summary>
    public const int MaxPatternLength = 4096;

    private readonly IReadOnlyList<IgnorePattern> _patterns;

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns)
    {
        _patterns = patterns;
        HasExceptions = patterns.Any(p => p.IsException);
    }

    /// <summary>Rules that exclude nothing.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>The patterns in file order.</summary>
    public IReadOnlyList<IgnorePattern> Patterns => _patterns;

    /// <summary>Whether any line is an exception (<c>!pattern</c>).</summary>
    public bool HasExceptions { get; }

    /// <summary>Parses the text of an ignore file.</summary>
    /// <exception cref="FormatException">A line is a bare <c>!</c>, or has an invalid character class or a dangling escape.</exception>
    public static DockerIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var patterns = new List<IgnorePattern>();
        var lineNumber = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;

            // Docker treats only a '#' in the first column as a comment; " #x" is the pattern "#x".
            if (line.StartsWith('#'))
            {
                continue;
            }

            var pattern = line.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            var isException = false;
            if (pattern[0] == '!')
            {
                if (pattern.Length == 1)
                {
                    throw new FormatException($".dockerignore line {lineNumber}: '!' must be followed by a pattern.");
                }

                isException = true;
                pattern = pattern[1..].Trim();
            }

            pattern = GoPath.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }

            try
            {
                patterns.Add(new IgnorePattern(pattern, isException));
            }
            catch (FormatException ex)
            {
                throw new FormatException($".dockerignore line {lineNumber} ('{line.Trim()}'): {ex.Message}", ex);
            }
        }

        return new DockerIgnore(patterns);
    }

    /// <summary>Loads the ignore rules that apply to a build: <c>&lt;Dockerfile&gt;.dockerignore</c> next to the Dockerfile if it exists, else <c>.dockerignore</c> at the context root, else none.</summary>
    /// <param name="contextDirectory">The build context directory.</param>
    /// <param name="dockerfileFullPath">The Dockerfile's full path, or <see langword="null"/> for <c>Dockerfile</c> at the context root.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules and the file they came from (<see langword="null"/> when there is none).</returns>
    public static async Task<(DockerIgnore Rules, string? SourceFile)> LoadAsync(
        string contextDirectory, string? dockerfileFullPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contextDirectory);
        dockerfileFullPath ??= Path.Combine(contextDirectory, "Dockerfile");

        // BuildKit prefers an ignore file named after the Dockerfile, next to it, over the context's own.
        var specific = dockerfileFullPath + FileName;
        var source = File.Exists(specific) ? specific : Path.Combine(contextDirectory, FileName);
        if (!File.Exists(source))
        {
            return (Empty, null);
        }

        var text = await File.ReadAllTextAsync(source, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        try
        {
            return (Parse(text), source);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>Whether the path (relative to the context root, <c>/</c>-separated) is excluded from the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            // Only a pattern that would flip the current verdict can matter; the last matching one wins.
            if (pattern.IsException != excluded)
            {
                continue;
            }

            if (pattern.MatchesSelfOrParent(relativePath))
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }

    /// <summary>Whether an exception could re-include something below an excluded directory, so the walk has to look inside it.</summary>
    /// <param name="directoryRelativePath">The excluded directory, relative to the context root, <c>/</c>-separated.</param>
    public bool MayReincludeBelow(string directoryRelativePath)
    {
        ArgumentNullException.ThrowIfNull(directoryRelativePath);
        return HasExceptions && _patterns.Any(p => p.IsException && p.CouldMatchBelow(directoryRelativePath));
    }
}

/// <summary>One cleaned line of a <c>.dockerignore</c> file.</summary>
internal sealed class IgnorePattern
{
    private readonly Regex _regex;
    private readonly string _literalPrefix;

    /// <summary>Compiles a cleaned pattern.</summary>
    /// <exception cref="FormatException">The pattern has an invalid character class or a dangling escape inside a class, or is longer than <see cref="DockerIgnore.MaxPatternLength"/>.</exception>
    public IgnorePattern(string pattern, bool isException)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        IsException = isException;
        if (pattern.Length > DockerIgnore.MaxPatternLength)
        {
            throw new FormatException($"the pattern is {pattern.Length} characters long, but patterns are at most {DockerIgnore.MaxPatternLength}.");
        }

        // The non-backtracking engine matches in time linear in the path's length (for a pattern of bounded size),
        // so no pattern can make a match take long and no match timeout is needed.
        try
        {
            _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            throw new FormatException($"the pattern is too complex to match in bounded time: {ex.Message}", ex);
        }
        var firstMeta = pattern.AsSpan().IndexOfAny("*?[\\");
        _literalPrefix = firstMeta < 0 ? pattern : pattern[..firstMeta];
    }

    /// <summary>The cleaned pattern, without the <c>!</c>.</summary>
    public string Pattern { get; }

    /// <summary>Whether the line re-includes (<c>!pattern</c>) rather than excludes.</summary>
    public bool IsException { get; }

    /// <summary>Whether the pattern matches exactly this path (not its parents).</summary>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);

    /// <summary>Whether the pattern matches the path or any of its parent directories.</summary>
    public bool MatchesSelfOrParent(string relativePath)
    {
        if (Matches(relativePath))
        {
            return true;
        }

        for (var slash = relativePath.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            if (Matches(relativePath[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the pattern could match some path strictly below the directory (conservative: may say yes when nothing matches).</summary>
    public bool CouldMatchBelow(string directoryRelativePath)
    {
        // Every path the pattern matches starts with its literal prefix (the text before the first wildcard).
        // A path below the directory starts with "directory/"; the two can only meet if one is a prefix of the other.
        var below = directoryRelativePath + "/";
        return below.StartsWith(_literalPrefix, StringComparison.Ordinal)
            || _literalPrefix.StartsWith(below, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => IsException ? "!" + Pattern : Pattern;

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var i = 0;
        while (i < pattern.Length)
        {
            var ch = pattern[i++];
            switch (ch)
            {
                case '*':
                    if (i < pattern.Length && pattern[i] == '*')
                    {
                        while (i < pattern.Length && pattern[i] == '*')
                        {
                            i++;
                        }

                        if (i < pattern.Length && pattern[i] == '/')
                        {
                            i++;
                        }

                        // "**" at the end matches anything; elsewhere it matches any number of whole directories, even none.
                        regex.Append(i == pattern.Length ? ".*" : "(?:.*/)?");
                    }
                    else
                    {
                        regex.Append("[^/]*");
                    }

                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    if (i < pattern.Length)
                    {
                        AppendLiteral(regex, pattern[i++]);
                    }
                    else
                    {
                        AppendLiteral(regex, '\\');
                    }

                    break;
                case '[':
                    i = AppendClass(regex, pattern, i);
                    break;
                default:
                    AppendLiteral(regex, ch);
                    break;
            }
        }

        // \z, not $: '$' would also match before a final newline in a file name.
        return regex.Append(@"\z").ToString();
    }

    // Parses a Go filepath.Match character class starting just after '[' and returns the index after its ']'.
    private static int AppendClass(StringBuilder regex, string pattern, int i)
    {
        var cls = new StringBuilder("[");
        if (i < pattern.Length && pattern[i] == '^')
        {
            cls.Append('^');
            i++;
        }

        var ranges = 0;
        while (true)
        {
            if (i >= pattern.Length)
            {
                throw new FormatException("unterminated character class '['.");
            }

            if (pattern[i] == ']' && ranges > 0)
            {
                i++;
                break;
            }

            var lo = ReadClassChar(pattern, ref i);
            var hi = lo;
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                hi = ReadClassChar(pattern, ref i);
                if (hi < lo)
                {
                    throw new FormatException($"character range '{lo}-{hi}' runs backwards.");
                }
            }

            AppendClassChar(cls, lo);
            if (hi != lo)
            {
                cls.Append('-');
                AppendClassChar(cls, hi);
            }

            ranges++;
        }

        regex.Append(cls).Append(']');
        return i;
    }

    private static char ReadClassChar(string pattern, ref int i)
    {
        if (i >= pattern.Length)
        {
            throw new FormatException("unterminated character class '['.");
        }

        var ch = pattern[i];
        if (ch is '-' or ']')
        {
            throw new FormatException($"unexpected '{ch}' in a character class (escape it with '\\').");
        }

        if (ch == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                throw new FormatException("dangling '\\' in a character class.");
            }

            ch = pattern[i];
        }

        i++;
        return ch;
    }

    private static void AppendClassChar(StringBuilder cls, char ch) =>
        cls.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");

    private static void AppendLiteral(StringBuilder regex, char ch) =>
        regex.Append(Regex.Escape(ch.ToString()));
}

/// <summary>Go's lexical path cleaning for <c>/</c>-separated paths.</summary>
internal static class GoPath
{
    /// <summary>Returns the shortest equivalent path: repeated <c>/</c> collapsed, <c>.</c> elements dropped, <c>..</c> resolved lexically, no trailing <c>/</c>.</summary>
    public static string Clean(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
