using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Security.Cryptography;

namespace Ociman;

/// <summary>
/// An immutable description of a user-defined network: its name, labels and whether it reaches outside the engine's
/// host. Containers on the same user-defined network reach each other by name and by their network aliases.
/// </summary>
/// <remarks>
/// <see cref="Engine.CreateNetworkAsync"/> adds the engine's labels (<see cref="EngineOptions.ContainerLabels"/>), so a
/// network made in a test session carries the session's labels and is removed by the orphan sweep like a container.
/// </remarks>
public sealed class NetworkDefinition
{
    /// <summary>The longest name allowed, in characters.</summary>
    public const int MaxNameLength = 128;

    private const string Rule = "a network name must be 1 to 128 characters: an ASCII letter or digit, then ASCII letters, digits, '_', '.' or '-'.";

    // "-" and 12 hex digits follow the prefix in Unique.
    private const int UniqueSuffixLength = 13;

    private NetworkDefinition(string name, ImmutableSortedDictionary<string, string> labels, bool isInternal)
    {
        Name = name;
        Labels = labels;
        Internal = isInternal;
    }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The network's labels, by key.</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; }

    /// <summary>Whether the network is internal: its containers reach each other but nothing outside the engine's host.</summary>
    public bool Internal { get; }

    /// <summary>A network with the given name.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="name"/> is not a valid network name (the message says what is allowed).</exception>
    public static NetworkDefinition Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var error = Validate(name);
        return error is null
            ? new NetworkDefinition(name, ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal), isInternal: false)
            : throw new FormatException(ValueText.Invalid(name, "network name", error));
    }

    /// <summary>A network with a fresh name: <paramref name="prefix"/>, <c>-</c> and 12 random lower-case hex digits, such as <c>ociman-net-3f9a0c1b2d4e</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> cannot start a valid network name or is longer than 115 characters.</exception>
    public static NetworkDefinition Unique(string prefix = "ociman-net")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var error = Validate(prefix);
        if (error is null && prefix.Length > MaxNameLength - UniqueSuffixLength)
        {
            error = $"it is {prefix.Length} characters long, but a prefix may have at most {MaxNameLength - UniqueSuffixLength} so that the '-' and 12 hex digits fit.";
        }

        if (error is not null)
        {
            throw new ArgumentException(ValueText.Invalid(prefix, "network name prefix", error), nameof(prefix));
        }

        return Named(prefix + "-" + RandomNumberGenerator.GetHexString(12, lowercase: true));
    }

    /// <summary>Returns a copy with the label set (replacing an earlier value of the same key).</summary>
    /// <exception cref="FormatException"><paramref name="key"/> is not a valid label key.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid label value.</exception>
    [Pure]
    public NetworkDefinition WithLabel(string key, string value)
    {
        var label = new Label(LabelKey.Parse(key), value);
        return new NetworkDefinition(Name, Labels.SetItem(label.Key.ToString(), label.Value), Internal);
    }

    /// <summary>Returns a copy with several labels set (replacing earlier values of the same keys).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="FormatException">A key is not a valid label key.</exception>
    [Pure]
    public NetworkDefinition WithLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = this;
        foreach (var (key, value) in labels)
        {
            result = result.WithLabel(key, value);
        }

        return result;
    }

    /// <summary>Returns a copy that is internal: its containers reach each other, and nothing outside the engine's host.</summary>
    [Pure]
    public NetworkDefinition AsInternal() => new(Name, Labels, isInternal: true);

    /// <summary>Returns the name.</summary>
    public override string ToString() => Name;

    // The engine's labels for everything it creates; the definition's own labels win.
    internal NetworkDefinition WithDefaultLabels(IReadOnlyDictionary<string, string> labels)
    {
        var merged = Labels;
        foreach (var (key, value) in labels)
        {
            merged = merged.ContainsKey(key) ? merged : merged.Add(key, value);
        }

        return ReferenceEquals(merged, Labels) ? this : new NetworkDefinition(Name, merged, Internal);
    }

    private static string? Validate(string text) => ValueText.NameProblem(text, MaxNameLength, Rule);
}
