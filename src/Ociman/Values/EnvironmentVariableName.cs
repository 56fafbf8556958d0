using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>A validated environment variable name, such as <c>POSTGRES_PASSWORD</c>; ordered ordinally.</summary>
/// <remarks>A name is non-empty and has no <c>=</c>, whitespace or control characters (NUL included).</remarks>
public sealed class EnvironmentVariableName : IEquatable<EnvironmentVariableName>, IComparable<EnvironmentVariableName>
{
    private EnvironmentVariableName(string value) => Value = value;

    /// <summary>The name text.</summary>
    public string Value { get; }

    /// <summary>Parses an environment variable name.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid environment variable name.</exception>
    public static EnvironmentVariableName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = Validate(text);
        return error is null ? new EnvironmentVariableName(text) : throw new FormatException(ValueText.Invalid(text, "environment variable name", error));
    }

    /// <summary>Parses an environment variable name, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out EnvironmentVariableName? result)
    {
        result = text is not null && Validate(text) is null ? new EnvironmentVariableName(text) : null;
        return result is not null;
    }

    /// <summary>Checks name text, returning why it is invalid or null when it is valid.</summary>
    internal static string? Validate(string text)
    {
        const string rule = "an environment variable name must be non-empty and have no '=', whitespace or control characters (such as NUL).";
        return ValueText.NameError(text, rule);
    }

    /// <summary>Returns the name.</summary>
    public override string ToString() => Value;

    /// <summary>Compares names ordinally, the order in which variables are emitted.</summary>
    public int CompareTo(EnvironmentVariableName? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public bool Equals(EnvironmentVariableName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EnvironmentVariableName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Whether two names are equal.</summary>
    public static bool operator ==(EnvironmentVariableName? left, EnvironmentVariableName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two names differ.</summary>
    public static bool operator !=(EnvironmentVariableName? left, EnvironmentVariableName? right) => !(left == right);

    /// <summary>Whether the left name sorts before the right one.</summary>
    public static bool operator <(EnvironmentVariableName? left, EnvironmentVariableName? right) => Compare(left, right) < 0;

    /// <summary>Whether the left name sorts before the right one or equals it.</summary>
    public static bool operator <=(EnvironmentVariableName? left, EnvironmentVariableName? right) => Compare(left, right) <= 0;

    /// <summary>Whether the left name sorts after the right one.</summary>
    public static bool operator >(EnvironmentVariableName? left, EnvironmentVariableName? right) => Compare(left, right) > 0;

    /// <summary>Whether the left name sorts after the right one or equals it.</summary>
    public static bool operator >=(EnvironmentVariableName? left, EnvironmentVariableName? right) => Compare(left, right) >= 0;

    private static int Compare(EnvironmentVariableName? left, EnvironmentVariableName? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
