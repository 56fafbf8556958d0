namespace Ociman;

/// <summary>Checks for environment variables passed to engine commands and containers.</summary>
public static class EnvironmentVariables
{
    /// <summary>Checks that a variable's value can be passed to a process: it must not contain a NUL character.</summary>
    /// <remarks>The message names the variable but never shows the value, which may be a secret.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name, or <paramref name="value"/> contains NUL.</exception>
    public static void ValidateValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var nameError = EnvironmentVariableName.Validate(name);
        if (nameError is not null)
        {
            throw new ArgumentException(ValueText.Invalid(name, "environment variable name", nameError), nameof(name));
        }

        CheckValue(name, value);
    }

    /// <summary>Checks that a variable's value can be passed to a process: it must not contain a NUL character.</summary>
    /// <remarks>The message names the variable but never shows the value, which may be a secret.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> contains NUL.</exception>
    public static void ValidateValue(EnvironmentVariableName name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        CheckValue(name.Value, value);
    }

    private static void CheckValue(string name, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The value of environment variable {ValueText.Quote(name)} contains a NUL character, which cannot be passed to a process. (The value is not shown because it may be secret.)",
                nameof(value));
        }
    }

    /// <summary>Checks a variable given as text: the name's rules, then the value's; returns the name.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds <c>=</c>, whitespace or NUL, or the value holds NUL.</exception>
    internal static string ValidateVariable(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!EnvironmentVariableName.TryParse(name, out _))
        {
            throw new ArgumentException($"'{name}' is not a valid environment variable name: it must be non-empty and hold no '=', whitespace or NUL.", nameof(name));
        }

        ValidateValue(name, value);
        return name;
    }
}
