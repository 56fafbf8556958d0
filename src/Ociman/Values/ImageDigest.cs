using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>A content digest such as <c>sha256:…</c>, pinning an image reference to exact content.</summary>
/// <remarks>
/// The algorithm is letters and digits, optionally in parts joined by <c>+</c>, <c>.</c>, <c>_</c> or <c>-</c>, each part starting
/// with a letter; the hex part has exactly 64 digits for <c>sha256</c>, 96 for <c>sha384</c>, 128 for <c>sha512</c>, and at least 32
/// for any other algorithm.
/// </remarks>
public sealed class ImageDigest : IEquatable<ImageDigest>
{
    private ImageDigest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    /// <summary>The digest algorithm, such as <c>sha256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The hexadecimal digest, as written.</summary>
    public string Hex { get; }

    /// <summary>Creates a <c>sha256</c> digest from its 64 hex digits.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="hex"/> is not 64 hex digits.</exception>
    public static ImageDigest Sha256(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var error = ValidateHex("sha256", hex);
        return error is null ? new ImageDigest("sha256", hex) : throw new ArgumentException(ValueText.Invalid("sha256:" + hex, "image digest", error), nameof(hex));
    }

    /// <summary>Parses a digest written <c>algorithm:hex</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid digest.</exception>
    public static ImageDigest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryCreate(text, out var result, out var error) ? result : throw new FormatException(ValueText.Invalid(text, "image digest", error));
    }

    /// <summary>Parses a digest, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageDigest? result)
    {
        if (text is not null && TryCreate(text, out var digest, out _))
        {
            result = digest;
            return true;
        }

        result = null;
        return false;
    }

    /// <summary>Parses digest text, giving the reason when it is invalid.</summary>
    internal static bool TryCreate(string text, [NotNullWhen(true)] out ImageDigest? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (text.Length == 0)
        {
            error = "the digest is empty; write it as 'algorithm:hex', e.g. 'sha256:' followed by 64 hex digits.";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = "a digest is written 'algorithm:hex', e.g. 'sha256:' followed by 64 hex digits.";
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        error = ValidateAlgorithm(algorithm) ?? ValidateHex(algorithm, hex);
        if (error is not null)
        {
            return false;
        }

        result = new ImageDigest(algorithm, hex);
        return true;
    }

    private static string? ValidateAlgorithm(string algorithm)
    {
        const string rule = "the algorithm must be letters and digits starting with a letter, optionally in parts joined by '+', '.', '_' or '-' that each start with a letter (e.g. 'sha256').";
        if (algorithm.Length == 0)
        {
            return "the algorithm is empty; " + rule;
        }

        var partStart = true;
        foreach (var c in algorithm)
        {
            if (partStart)
            {
                if (!char.IsAsciiLetter(c))
                {
                    return rule;
                }

                partStart = false;
            }
            else if (c is '+' or '.' or '_' or '-')
            {
                partStart = true;
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                return rule;
            }
        }

        return partStart ? rule : null;
    }

    private static string? ValidateHex(string algorithm, string hex)
    {
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return $"the part after the algorithm must be hexadecimal digits (0-9, a-f), and {ExpectedLength(algorithm)}.";
            }
        }

        int? exact = KnownLength(algorithm);
        if (exact is int length ? hex.Length != length : hex.Length < 32)
        {
            return $"it has {hex.Length} hex digits, but {ExpectedLength(algorithm)}.";
        }

        return null;
    }

    private static int? KnownLength(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "SHA256" => 64,
        "SHA384" => 96,
        "SHA512" => 128,
        _ => null,
    };

    private static string ExpectedLength(string algorithm) => KnownLength(algorithm) is int length
        ? $"{algorithm} digests have {length} hex digits"
        : "digests need at least 32 hex digits";

    /// <summary>Returns the digest as <c>algorithm:hex</c>.</summary>
    public override string ToString() => Algorithm + ":" + Hex;

    /// <inheritdoc />
    public bool Equals(ImageDigest? other) =>
        other is not null
        && string.Equals(Algorithm, other.Algorithm, StringComparison.Ordinal)
        && string.Equals(Hex, other.Hex, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageDigest);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Algorithm), StringComparer.Ordinal.GetHashCode(Hex));

    /// <summary>Whether two digests are equal.</summary>
    public static bool operator ==(ImageDigest? left, ImageDigest? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two digests differ.</summary>
    public static bool operator !=(ImageDigest? left, ImageDigest? right) => !(left == right);
}
