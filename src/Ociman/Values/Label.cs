using System.Diagnostics.CodeAnalysis;

namespace Ociman;

/// <summary>A label: a validated key and a value of at most 64 KiB, written <c>key=value</c>.</summary>
public sealed class Label : IEquatable<Label>
{
    /// <summary>The longest value allowed, in UTF-8 bytes (64 KiB).</summary>
    public const int MaxValueByteLength = 64 * 1024;

    /// <summary>Creates a label.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is too long or contains a NUL character.</exception>
    public Label(LabelKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidateValue(key, value);
        Key = key;
        Value = value;
    }

    /// <summary>The label key.</summary>
    public LabelKey Key { get; }

    /// <summary>The label value (possibly empty).</summary>
    public string Value { get; }

    /// <summary>Checks a label value: at most 64 KiB of UTF-8 and no NUL character (which no command line can carry).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The value is too long or contains a NUL character; the message names the key.</exception>
    public static void ValidateValue(LabelKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var error = ValueError(key, value);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(value));
        }
    }

    /// <summary>Parses a label written <c>key=value</c>; the first <c>=</c> ends the key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> has no <c>=</c>, an invalid key, or an invalid value.</exception>
    public static Label Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryCreate(text, out var label, out var error) ? label : throw new FormatException(error);
    }

    /// <summary>Parses a label written <c>key=value</c>, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Label? result)
    {
        if (text is not null && TryCreate(text, out var label, out _))
        {
            result = label;
            return true;
        }

        result = null;
        return false;
    }

    private static bool TryCreate(string text, [NotNullWhen(true)] out Label? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            // The text may be a whole value by mistake; quote it only when short.
            error = text.Length <= 300
                ? ValueText.Invalid(text, "label", "a label is written 'key=value'.")
                : "The text is not a valid label: a label is written 'key=value' and this has no '='.";
            return false;
        }

        var keyText = text[..equals];
        var keyError = LabelKey.Validate(keyText);
        if (keyError is not null)
        {
            error = ValueText.Invalid(keyText, "label key", keyError);
            return false;
        }

        var key = LabelKey.Parse(keyText);
        var value = text[(equals + 1)..];
        error = ValueError(key, value);
        if (error is not null)
        {
            return false;
        }

        result = new Label(key, value);
        return true;
    }

    private static string? ValueError(LabelKey key, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return $"The value of label {ValueText.Quote(key.Value)} contains a NUL character, which cannot be passed on a command line.";
        }

        var bytes = ValueText.Utf8Length(value);
        return bytes > MaxValueByteLength
            ? $"The value of label {ValueText.Quote(key.Value)} is {bytes} bytes long in UTF-8, but at most {MaxValueByteLength} bytes (64 KiB) are allowed."
            : null;
    }

    /// <summary>Returns the label as <c>key=value</c>.</summary>
    public override string ToString() => Key.Value + "=" + Value;

    /// <inheritdoc />
    public bool Equals(Label? other) => other is not null && Key == other.Key && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Label);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, StringComparer.Ordinal.GetHashCode(Value));

    /// <summary>Whether two labels are equal.</summary>
    public static bool operator ==(Label? left, Label? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two labels differ.</summary>
    public static bool operator !=(Label? left, Label? right) => !(left == right);
}
