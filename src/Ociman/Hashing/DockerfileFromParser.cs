using System.Text;

namespace Ociman.Hashing;

/// <summary>Finds the base images a Dockerfile builds on: the <c>FROM</c> references that are neither <c>scratch</c> nor an earlier stage.</summary>
/// <remarks>
/// This is the part of Dockerfile parsing the content hash needs, not a full parser: parser directives (<c># escape=</c>), comments,
/// line continuations, case-insensitive instructions, <c>FROM</c> flags such as <c>--platform=…</c>, <c>AS name</c> stage aliases, and
/// variable substitution (<c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:+alternative}</c>) from the <c>ARG</c>s declared
/// before the first <c>FROM</c>, whose defaults the build arguments override — the only variables Docker lets <c>FROM</c> use.
/// </remarks>
internal static class DockerfileFromParser
{
    /// <summary>The longest text one <c>ARG</c> default or <c>FROM</c> word may expand to, in characters.</summary>
    public const int MaxExpansionLength = 1 << 20;

    /// <summary>Returns the base image references of the Dockerfile, in order, after variable substitution.</summary>
    /// <param name="dockerfileText">The Dockerfile's text.</param>
    /// <param name="buildArgs">The build arguments given to the build; they override the defaults of matching <c>ARG</c>s declared before the first <c>FROM</c>.</param>
    /// <exception cref="BuildContextException">An <c>ARG</c> default or a <c>FROM</c> reference expands to more than <see cref="MaxExpansionLength"/> characters.</exception>
    public static IReadOnlyList<string> GetBaseImages(string dockerfileText, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(dockerfileText);
        ArgumentNullException.ThrowIfNull(buildArgs);

        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stageNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var baseImages = new List<string>();
        var seenFrom = false;

        foreach (var line in LogicalLines(dockerfileText))
        {
            var (instruction, rest) = SplitFirstWord(line);
            if (instruction.Equals("ARG", StringComparison.OrdinalIgnoreCase))
            {
                if (!seenFrom)
                {
                    try
                    {
                        DeclareArgs(rest, globalArgs, buildArgs);
                    }
                    catch (ExpansionTooLongException ex)
                    {
                        throw TooLong($"ARG {Shorten(rest)}", ex);
                    }
                }

                continue;
            }

            if (!instruction.Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            seenFrom = true;
            var words = SplitWords(rest).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            // The reference is checked against the aliases of earlier stages before this stage's own alias is recorded.
            string reference;
            try
            {
                reference = Substitute(words[0], globalArgs);
            }
            catch (ExpansionTooLongException ex)
            {
                throw TooLong($"FROM {Shorten(words[0])}", ex);
            }

            AddBaseImage(reference, stageNames, baseImages);
            if (words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                stageNames.Add(words[2]);
            }
        }

        return baseImages;
    }

    private static BuildContextException TooLong(string instruction, Exception inner) => new(
        $"The Dockerfile's '{instruction}' expands to more than {MaxExpansionLength:N0} characters (variables doubling themselves?); "
        + "Ociman stops substituting there. Shorten the ARG defaults or the build arguments.",
        "Dockerfile",
        inner);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static void AddBaseImage(string reference, HashSet<string> stageNames, List<string> baseImages)
    {
        if (reference.Length == 0
            || reference.Equals("scratch", StringComparison.OrdinalIgnoreCase)
            || stageNames.Contains(reference))
        {
            return;
        }

        baseImages.Add(reference);
    }

    private static void DeclareArgs(string rest, Dictionary<string, string> globalArgs, IReadOnlyDictionary<string, string> buildArgs)
    {
        foreach (var word in SplitWords(rest))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word : word[..equals];
            if (name.Length == 0)
            {
                continue;
            }

            if (buildArgs.TryGetValue(name, out var given))
            {
                globalArgs[name] = given;
            }
            else
            {
                // A default may itself use an ARG declared earlier.
                globalArgs[name] = equals < 0 ? "" : Substitute(word[(equals + 1)..], globalArgs);
            }
        }
    }

    // Joins continued lines, drops comments and blank lines, honours the escape parser directive.
    private static IEnumerable<string> LogicalLines(string text)
    {
        var escape = '\\';
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var index = 0;

        // Parser directives: "# key=value" lines at the very top, before any comment, blank line or instruction.
        for (; index < lines.Length; index++)
        {
            var trimmed = lines[index].Trim();
            if (!trimmed.StartsWith('#'))
            {
                break;
            }

            var body = trimmed[1..].Trim();
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                break;
            }

            var key = body[..equals].Trim();
            var value = body[(equals + 1)..].Trim();
            if (key.Equals("escape", StringComparison.OrdinalIgnoreCase) && value.Length == 1)
            {
                escape = value[0];
            }
        }

        var current = new StringBuilder();
        var continuing = false;
        for (; index < lines.Length; index++)
        {
            var line = lines[index];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#') || (continuing && trimmed.Length == 0))
            {
                // Comments (and, inside a continuation, empty lines) are removed before lines are joined.
                continue;
            }

            if (trimmed.Length > 0 && trimmed[^1] == escape)
            {
                current.Append(trimmed.AsSpan(0, trimmed.Length - 1)).Append(' ');
                continuing = true;
                continue;
            }

            current.Append(trimmed);
            continuing = false;
            var logical = current.ToString().Trim();
            current.Clear();
            if (logical.Length > 0)
            {
                yield return logical;
            }
        }

        if (current.Length > 0)
        {
            var last = current.ToString().Trim();
            if (last.Length > 0)
            {
                yield return last;
            }
        }
    }

    private static (string Instruction, string Remainder) SplitFirstWord(string line)
    {
        var end = 0;
        while (end < line.Length && !char.IsWhiteSpace(line[end]))
        {
            end++;
        }

        return (line[..end], line[end..].Trim());
    }

    // Splits on whitespace outside double or single quotes, removing the quotes.
    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var ch in text)
        {
            if (quote != '\0')
            {
                if (ch == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(ch);
                }

                continue;
            }

            if (ch is '"' or '\'')
            {
                quote = ch;
                inWord = true;
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            word.Append(ch);
            inWord = true;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Expands <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-default}</c> and <c>${NAME:+alternative}</c>; unknown names expand to nothing.</summary>
    /// <exception cref="ExpansionTooLongException">The expansion passed <see cref="MaxExpansionLength"/> characters (it stops there: the work is bounded).</exception>
    internal static string Substitute(string text, IReadOnlyDictionary<string, string> variables)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            if (ch != '$' || i + 1 >= text.Length)
            {
                result.Append(ch);
                i++;
                continue;
            }

            if (text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }

                result.Append(ExpandBraced(text[(i + 2)..close], variables));
                i = close + 1;
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            if (end == start)
            {
                result.Append(ch);
                i++;
                continue;
            }

            result.Append(variables.TryGetValue(text[start..end], out var value) ? value : "");
            i = end;
            if (result.Length > MaxExpansionLength)
            {
                throw new ExpansionTooLongException();
            }
        }

        return result.Length > MaxExpansionLength ? throw new ExpansionTooLongException() : result.ToString();
    }

    private static string ExpandBraced(string body, IReadOnlyDictionary<string, string> variables)
    {
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon + 1 >= body.Length)
        {
            return variables.TryGetValue(body.TrimEnd(':'), out var plain) ? plain : "";
        }

        var name = body[..colon];
        var modifier = body[colon + 1];
        var word = Substitute(body[(colon + 2)..], variables);
        var isSet = variables.TryGetValue(name, out var value) && value.Length > 0;
        return modifier switch
        {
            '-' => isSet ? value! : word,
            '+' => isSet ? word : "",
            _ => isSet ? value! : "",
        };
    }
}

/// <summary>Thrown by <see cref="DockerfileFromParser.Substitute"/> when an expansion passes <see cref="DockerfileFromParser.MaxExpansionLength"/>.</summary>
internal sealed class ExpansionTooLongException() : Exception($"The expansion is longer than {DockerfileFromParser.MaxExpansionLength} characters.");
