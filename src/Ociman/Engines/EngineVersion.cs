using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ociman;

/// <summary>The version of an engine's command-line tool, as its <c>--version</c> output reports it.</summary>
/// <remarks>
/// Accepts <c>X.Y</c> and <c>X.Y.Z</c> with any suffix after the numbers (<c>26.1.5+dfsg1</c>, <c>4.9.0-dev</c>);
/// the suffix is kept in <see cref="Suffix"/> and does not take part in comparisons.
/// </remarks>
public sealed record EngineVersion : IComparable<EngineVersion>
{
    /// <summary>Creates a version.</summary>
    public EngineVersion(int major, int minor, int patch = 0, string suffix = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentOutOfRangeException.ThrowIfNegative(patch);
        Major = major;
        Minor = minor;
        Patch = patch;
        Suffix = suffix ?? string.Empty;
    }

    /// <summary>The major version.</summary>
    public int Major { get; }

    /// <summary>The minor version.</summary>
    public int Minor { get; }

    /// <summary>The patch version (0 when the engine reported only <c>X.Y</c>).</summary>
    public int Patch { get; }

    /// <summary>Whatever followed the numbers (for example <c>+dfsg1</c>), or empty.</summary>
    public string Suffix { get; }

    /// <summary>Parses the output of <c>docker --version</c> or <c>podman --version</c>.</summary>
    /// <remarks>Takes the first whitespace-separated word that starts with a digit, with trailing commas removed.</remarks>
    /// <exception cref="FormatException">No word of the output is a version.</exception>
    public static EngineVersion ParseVersionOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var word in output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (char.IsAsciiDigit(word[0]))
            {
                return Parse(word.TrimEnd(','));
            }
        }

        throw new FormatException($"'{output.Trim()}' holds no version: expected a word such as '26.1.5' or '4.3' (the first word that starts with a digit).");
    }

    /// <summary>Parses <c>X.Y</c> or <c>X.Y.Z</c>, optionally followed by a suffix that starts with something other than a digit or dot.</summary>
    /// <exception cref="FormatException">The text is not such a version.</exception>
    public static EngineVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not an engine version: expected MAJOR.MINOR or MAJOR.MINOR.PATCH, optionally followed by a suffix such as '+dfsg1' or '-rc1'.");
    }

    /// <summary>Tries to parse <c>X.Y</c> or <c>X.Y.Z</c> with an optional suffix.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EngineVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var numbers = new List<int>(3);
        var i = 0;
        while (numbers.Count < 3)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            numbers.Add(n);
            if (i < text.Length && text[i] == '.' && numbers.Count < 3 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        if (numbers.Count < 2)
        {
            return false;
        }

        var suffix = text[i..];
        if (suffix.Length > 0 && (char.IsAsciiDigit(suffix[0]) || suffix[0] == '.'))
        {
            return false;
        }

        version = new EngineVersion(numbers[0], numbers[1], numbers.Count > 2 ? numbers[2] : 0, suffix);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(EngineVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c != 0)
        {
            return c;
        }

        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <summary>Whether <paramref name="left"/> is older than <paramref name="right"/>.</summary>
    public static bool operator <(EngineVersion? left, EngineVersion? right) => Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> is older than or as old as <paramref name="right"/>.</summary>
    public static bool operator <=(EngineVersion? left, EngineVersion? right) => Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer than <paramref name="right"/>.</summary>
    public static bool operator >(EngineVersion? left, EngineVersion? right) => Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> is newer than or as new as <paramref name="right"/>.</summary>
    public static bool operator >=(EngineVersion? left, EngineVersion? right) => Compare(left, right) >= 0;

    private static int Compare(EngineVersion? left, EngineVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    /// <summary>Whether this version is at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public bool IsAtLeast(int major, int minor = 0) => CompareTo(new EngineVersion(major, minor)) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}{Suffix}");
}
