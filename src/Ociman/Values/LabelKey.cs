using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>A validated label key, such as <c>org.opencontainers.image.title</c>; ordered ordinally, as labels are emitted sorted by key.</summary>
/// <remarks>A key is 1 to 256 bytes of UTF-8 with no <c>=</c>, <c>,</c>, ASCII whitespace or control characters.</remarks>
public sealed class LabelKey : IEquatable<LabelKey>, IComparable<LabelKey>
{
    /// <summary>The longest key allowed, in UTF-8 bytes.</summary>
    public const int MaxByteLength = 256;

    private LabelKey(string value) => Value = value;

    /// <summary>The key text.</summary>
    public string Value { get; }

    /// <summary>Parses a label key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid label key.</exception>
    public static LabelKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = Validate(text);
        return error is null ? new LabelKey(text) : throw new FormatException(ValueText.Invalid(text, "label key", error));
    }

    /// <summary>Parses a label key, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out LabelKey? result)
    {
        result = text is not null && Validate(text) is null ? new LabelKey(text) : null;
        return result is not null;
    }

    /// <summary>Checks key text, returning why it is invalid or null when it is valid.</summary>
    internal static string? Validate(string text)
    {
        const string rule = "a label key must be 1 to 256 bytes of UTF-8 without '=', ',', whitespace or control characters.";
        if (text.Length == 0)
        {
            return "the key is empty; " + rule;
        }

        foreach (var c in text)
        {
            if (c is '=' or ',' || ValueText.IsAsciiWhitespace(c) || char.IsControl(c))
            {
                return $"it contains {ValueText.Quote(c.ToString())}; " + rule;
            }
        }

        if (ValueText.HasLoneSurrogate(text))
        {
            return "it contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding; " + rule;
        }

        var bytes = ValueText.Utf8Length(text);
        return bytes > MaxByteLength ? $"it is {bytes} bytes long in UTF-8; " + rule : null;
    }

    /// <summary>Returns the key text.</summary>
    public override string ToString() => Value;

    /// <summary>Compares keys ordinally, the order in which labels are emitted.</summary>
    public int CompareTo(LabelKey? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public bool Equals(LabelKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LabelKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Whether two keys are equal.</summary>
    public static bool operator ==(LabelKey? left, LabelKey? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two keys differ.</summary>
    public static bool operator !=(LabelKey? left, LabelKey? right) => !(left == right);

    /// <summary>Whether the left key sorts before the right one.</summary>
    public static bool operator <(LabelKey? left, LabelKey? right) => Compare(left, right) < 0;

    /// <summary>Whether the left key sorts before the right one or equals it.</summary>
    public static bool operator <=(LabelKey? left, LabelKey? right) => Compare(left, right) <= 0;

    /// <summary>Whether the left key sorts after the right one.</summary>
    public static bool operator >(LabelKey? left, LabelKey? right) => Compare(left, right) > 0;

    /// <summary>Whether the left key sorts after the right one or equals it.</summary>
    public static bool operator >=(LabelKey? left, LabelKey? right) => Compare(left, right) >= 0;

    private static int Compare(LabelKey? left, LabelKey? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
