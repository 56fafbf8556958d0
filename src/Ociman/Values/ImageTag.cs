using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>The tag of an image reference, such as <c>latest</c> or <c>v1.2.3-alpine</c>.</summary>
/// <remarks>A tag is 1 to 128 characters: a letter, digit or <c>_</c>, then letters, digits, <c>_</c>, <c>.</c> or <c>-</c>.</remarks>
public sealed class ImageTag : IEquatable<ImageTag>
{
    /// <summary>The longest tag the engines accept, in characters.</summary>
    public const int MaxLength = 128;

    private const string Rule = "a tag must start with a letter, digit or '_', continue with letters, digits, '_', '.' or '-', and be at most 128 characters long";

    private ImageTag(string value) => Value = value;

    /// <summary>The tag <c>latest</c>.</summary>
    public static ImageTag Latest { get; } = new("latest");

    /// <summary>The tag text.</summary>
    public string Value { get; }

    /// <summary>Parses a tag.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid tag.</exception>
    public static ImageTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = Validate(text);
        return error is null ? new ImageTag(text) : throw new FormatException(ValueText.Invalid(text, "image tag", error));
    }

    /// <summary>Parses a tag, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageTag? result)
    {
        result = text is not null && Validate(text) is null ? new ImageTag(text) : null;
        return result is not null;
    }

    /// <summary>Checks tag text, returning why it is invalid or null when it is valid.</summary>
    internal static string? Validate(string text)
    {
        if (text.Length == 0)
        {
            return "the tag is empty; " + Rule + ".";
        }

        if (text.Length > MaxLength)
        {
            return $"it is {text.Length} characters long; {Rule}.";
        }

        if (!(char.IsAsciiLetterOrDigit(text[0]) || text[0] == '_'))
        {
            return Rule + ".";
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return Rule + ".";
            }
        }

        return null;
    }

    /// <summary>Returns the tag text.</summary>
    public override string ToString() => Value;

    /// <inheritdoc />
    public bool Equals(ImageTag? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageTag);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Whether two tags are equal.</summary>
    public static bool operator ==(ImageTag? left, ImageTag? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two tags differ.</summary>
    public static bool operator !=(ImageTag? left, ImageTag? right) => !(left == right);
}
