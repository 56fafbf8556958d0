using System.Globalization;
using System.Text;

namespace Ociman;

/// <summary>Helpers shared by the value types: character classes and how offending input is shown in messages.</summary>
internal static class ValueText
{
    /// <summary>Quotes text for an error message, escaping control characters so that the message stays on one line.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('\'');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\0': builder.Append("\\0"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('\'');
        return builder.ToString();
    }

    /// <summary>
    /// Why <paramref name="text"/> is not a valid engine object name (an ASCII letter or digit, then letters, digits,
    /// <c>_</c>, <c>.</c> or <c>-</c>, at most <paramref name="maxLength"/> characters), followed by <paramref name="rule"/>; null when it is.
    /// </summary>
    public static string? NameProblem(string text, int maxLength, string rule)
    {
        if (text.Length == 0)
        {
            return "the name is empty; " + rule;
        }

        if (!char.IsAsciiLetterOrDigit(text[0]))
        {
            return "it must start with an ASCII letter or digit; " + rule;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return $"it contains {Quote(c.ToString())}; " + rule;
            }
        }

        return text.Length > maxLength ? $"it is {text.Length} characters long; " + rule : null;
    }

    /// <summary>Builds the standard "'x' is not a valid y: reason." message.</summary>
    public static string Invalid(string text, string what, string reason) =>
        $"{Quote(text)} is not a valid {what}: {reason}";

    /// <summary>Whether the character is an ASCII whitespace character as C and Go define it.</summary>
    public static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>Whether the text holds a surrogate that is not part of a pair, which has no UTF-8 encoding.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number of bytes the text takes in UTF-8.</summary>
    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>Parses a decimal number made only of ASCII digits (no sign, no spaces), up to <paramref name="max"/>.</summary>
    public static bool TryParseDecimal(string text, int max, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 10)
        {
            return false;
        }

        long accumulated = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            accumulated = (accumulated * 10) + (c - '0');
        }

        if (accumulated > max)
        {
            return false;
        }

        value = (int)accumulated;
        return true;
    }

    /// <summary>Why <paramref name="text"/> is not a name that is non-empty and has no <c>=</c>, whitespace or control characters, or null when it is one.</summary>
    public static string? NameError(string text, string rule)
    {
        if (text.Length == 0)
        {
            return "the name is empty; " + rule;
        }

        foreach (var c in text)
        {
            if (c == '=' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"it contains {Quote(c.ToString())}; " + rule;
            }
        }

        return HasLoneSurrogate(text) ? "it contains an unpaired UTF-16 surrogate; " + rule : null;
    }

    /// <summary>Renders a program and its arguments as one line for messages and logs, quoting words a POSIX shell would split or expand.</summary>
    public static string ShellLine(string program, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(program).Select(ShellWord));

    /// <summary>Quotes one word for a POSIX shell where needed (in single quotes), for messages and logs.</summary>
    public static string ShellWord(string argument)
    {
        // Braces and brackets are left out on purpose: a shell expands `{a,b}` and globs `x[12]`, so they are quoted.
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c)))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
