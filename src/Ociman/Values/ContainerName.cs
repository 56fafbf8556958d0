using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ociman;

/// <summary>A validated container name: 1 to 256 characters, an ASCII letter or digit first, then letters, digits, <c>_</c>, <c>.</c> or <c>-</c>.</summary>
public sealed class ContainerName : IEquatable<ContainerName>
{
    /// <summary>The longest name allowed, in bytes (the name is ASCII, so also in characters).</summary>
    public const int MaxLength = 256;

    private const string Rule = "a container name must be 1 to 256 characters: an ASCII letter or digit, then ASCII letters, digits, '_', '.' or '-'.";

    // "-" and 12 hex digits follow the prefix in Unique.
    private const int UniqueSuffixLength = 13;

    private ContainerName(string value) => Value = value;

    /// <summary>The name text.</summary>
    public string Value { get; }

    /// <summary>Parses a container name.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid container name.</exception>
    public static ContainerName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = Validate(text);
        return error is null ? new ContainerName(text) : throw new FormatException(ValueText.Invalid(text, "container name", error));
    }

    /// <summary>Parses a container name, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ContainerName? result)
    {
        result = text is not null && Validate(text) is null ? new ContainerName(text) : null;
        return result is not null;
    }

    /// <summary>Creates a fresh name <c>prefix-</c> followed by 12 random lower-case hex digits, such as <c>ociman-3f9a0c1b2d4e</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> cannot start a valid container name or is longer than 243 characters.</exception>
    public static ContainerName Unique(string prefix = "ociman")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var error = Validate(prefix);
        if (error is null && prefix.Length > MaxLength - UniqueSuffixLength)
        {
            error = $"it is {prefix.Length} characters long, but a prefix may have at most {MaxLength - UniqueSuffixLength} so that the '-' and 12 hex digits fit.";
        }

        if (error is not null)
        {
            throw new ArgumentException(ValueText.Invalid(prefix, "container name prefix", error), nameof(prefix));
        }

        return new ContainerName(prefix + "-" + RandomNumberGenerator.GetHexString(12, lowercase: true));
    }

    private static string? Validate(string text) => ValueText.NameProblem(text, MaxLength, Rule);

    /// <summary>Returns the name.</summary>
    public override string ToString() => Value;

    /// <inheritdoc />
    public bool Equals(ContainerName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ContainerName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Whether two names are equal.</summary>
    public static bool operator ==(ContainerName? left, ContainerName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two names differ.</summary>
    public static bool operator !=(ContainerName? left, ContainerName? right) => !(left == right);
}
