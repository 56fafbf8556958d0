using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>A validated build-argument name, as passed with <c>--build-arg NAME=value</c>; ordered ordinally.</summary>
/// <remarks>A name is non-empty and has no <c>=</c>, whitespace or control characters.</remarks>
public sealed class BuildArgKey : IEquatable<BuildArgKey>, IComparable<BuildArgKey>
{
    private BuildArgKey(string value) => Value = value;

    /// <summary>The name text.</summary>
    public string Value { get; }

    /// <summary>Parses a build-argument name.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid build-argument name.</exception>
    public static BuildArgKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = Validate(text);
        return error is null ? new BuildArgKey(text) : throw new FormatException(ValueText.Invalid(text, "build-argument name", error));
    }

    /// <summary>Parses a build-argument name, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out BuildArgKey? result)
    {
        result = text is not null && Validate(text) is null ? new BuildArgKey(text) : null;
        return result is not null;
    }

    private static string? Validate(string text)
    {
        const string rule = "a build-argument name must be non-empty and have no '=', whitespace or control characters.";
        return ValueText.NameError(text, rule);
    }

    /// <summary>Returns the name.</summary>
    public override string ToString() => Value;

    /// <summary>Compares names ordinally, the order in which build arguments are emitted and hashed.</summary>
    public int CompareTo(BuildArgKey? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public bool Equals(BuildArgKey? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BuildArgKey);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Whether two names are equal.</summary>
    public static bool operator ==(BuildArgKey? left, BuildArgKey? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two names differ.</summary>
    public static bool operator !=(BuildArgKey? left, BuildArgKey? right) => !(left == right);

    /// <summary>Whether the left name sorts before the right one.</summary>
    public static bool operator <(BuildArgKey? left, BuildArgKey? right) => Compare(left, right) < 0;

    /// <summary>Whether the left name sorts before the right one or equals it.</summary>
    public static bool operator <=(BuildArgKey? left, BuildArgKey? right) => Compare(left, right) <= 0;

    /// <summary>Whether the left name sorts after the right one.</summary>
    public static bool operator >(BuildArgKey? left, BuildArgKey? right) => Compare(left, right) > 0;

    /// <summary>Whether the left name sorts after the right one or equals it.</summary>
    public static bool operator >=(BuildArgKey? left, BuildArgKey? right) => Compare(left, right) >= 0;

    private static int Compare(BuildArgKey? left, BuildArgKey? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
