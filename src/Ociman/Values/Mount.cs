using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Ociman;

/// <summary>The kind of a <see cref="Mount"/>.</summary>
public enum MountType
{
    /// <summary>A host directory or file bound into the container (<c>type=bind</c>).</summary>
    Bind,

    /// <summary>A named volume managed by the engine (<c>type=volume</c>).</summary>
    Volume,

    /// <summary>An in-memory file system (<c>type=tmpfs</c>).</summary>
    Tmpfs,
}

/// <summary>A mount for <c>--mount</c>: a bind mount, a named volume or a tmpfs, rendered as <c>type=…,source=…,target=…[,readonly]</c>.</summary>
/// <remarks>
/// Fields holding <c>,</c>, <c>"</c> or a line break are quoted as the engines' CSV reader expects: the whole <c>key=value</c> field
/// in double quotes, each inner <c>"</c> doubled, e.g. <c>"source=/data/a,b"</c>.
/// </remarks>
public sealed class Mount : IEquatable<Mount>
{
    private const string Form = "write it as 'type=bind|volume|tmpfs,source=…,target=/path[,readonly]' (keys: type, source or src, target, destination or dst, readonly or ro).";

    private Mount(MountType type, string? source, string target, bool readOnly)
    {
        Type = type;
        Source = source;
        Target = target;
        ReadOnly = readOnly;
    }

    /// <summary>The kind of mount.</summary>
    public MountType Type { get; }

    /// <summary>The absolute host path of a bind mount or the name of a volume; null for a tmpfs.</summary>
    public string? Source { get; }

    /// <summary>The absolute path inside the container.</summary>
    public string Target { get; }

    /// <summary>Whether the container sees the mount read-only.</summary>
    public bool ReadOnly { get; }

    /// <summary>Binds an absolute host path to an absolute container path.</summary>
    /// <exception cref="ArgumentNullException">A path is null.</exception>
    /// <exception cref="ArgumentException">A path is not absolute or contains a NUL character.</exception>
    public static Mount Bind(string hostPath, string containerPath, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        ArgumentNullException.ThrowIfNull(containerPath);
        Throw(ValidateHostPath(hostPath), nameof(hostPath));
        Throw(ValidateTarget(containerPath), nameof(containerPath));
        return new Mount(MountType.Bind, hostPath, containerPath, readOnly);
    }

    /// <summary>Mounts a named volume at an absolute container path.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The volume name is invalid or the container path is not absolute.</exception>
    public static Mount Volume(string name, string containerPath, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(containerPath);
        Throw(ValidateVolumeName(name), nameof(name));
        Throw(ValidateTarget(containerPath), nameof(containerPath));
        return new Mount(MountType.Volume, name, containerPath, readOnly);
    }

    /// <summary>Mounts an empty in-memory file system at an absolute container path.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="containerPath"/> is null.</exception>
    /// <exception cref="ArgumentException">The container path is not absolute.</exception>
    public static Mount Tmpfs(string containerPath)
    {
        ArgumentNullException.ThrowIfNull(containerPath);
        Throw(ValidateTarget(containerPath), nameof(containerPath));
        return new Mount(MountType.Tmpfs, null, containerPath, readOnly: false);
    }

    /// <summary>Parses the <c>--mount</c> form this type renders; a missing <c>type</c> means a volume, as for the engines.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid mount specification.</exception>
    public static Mount Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryCreate(text, out var result, out var error)
            ? result
            : throw new FormatException(ValueText.Invalid(text, "mount specification", error));
    }

    /// <summary>Parses a mount specification, returning whether the text was valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Mount? result)
    {
        if (text is not null && TryCreate(text, out var mount, out _))
        {
            result = mount;
            return true;
        }

        result = null;
        return false;
    }

    private static void Throw(string? error, string parameterName)
    {
        if (error is not null)
        {
            throw new ArgumentException(error, parameterName);
        }
    }

    private static string? ValidateHostPath(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return $"The host path {ValueText.Quote(path)} contains a NUL character.";
        }

        return Path.IsPathFullyQualified(path) ? null : $"The host path {ValueText.Quote(path)} of a bind mount must be absolute.";
    }

    private static string? ValidateTarget(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return $"The container path {ValueText.Quote(path)} contains a NUL character.";
        }

        return path.StartsWith('/') ? null : $"The container path {ValueText.Quote(path)} must be absolute (start with '/').";
    }

    private static string? ValidateVolumeName(string name)
    {
        const string rule = "must be an ASCII letter or digit, then ASCII letters, digits, '_', '.' or '-'.";
        if (name.Length == 0 || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"The volume name {ValueText.Quote(name)} {rule}";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return $"The volume name {ValueText.Quote(name)} {rule}";
            }
        }

        return null;
    }

    private static bool TryCreate(string text, [NotNullWhen(true)] out Mount? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!TrySplitCsv(text, out var fields, out error))
        {
            return false;
        }

        MountType? type = null;
        string? source = null;
        string? target = null;
        bool? readOnly = null;
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            var value = equals < 0 ? null : field[(equals + 1)..];
            switch (key)
            {
                case "type":
                    if (type is not null)
                    {
                        error = "'type' is given twice; " + Form;
                        return false;
                    }

                    type = value switch
                    {
                        "bind" => MountType.Bind,
                        "volume" => MountType.Volume,
                        "tmpfs" => MountType.Tmpfs,
                        _ => null,
                    };
                    if (type is null)
                    {
                        error = $"the type {ValueText.Quote(value ?? string.Empty)} is not 'bind', 'volume' or 'tmpfs'.";
                        return false;
                    }

                    break;
                case "source" or "src":
                    if (source is not null || value is null)
                    {
                        error = value is null ? $"'{key}' needs a value; " + Form : "the source is given twice; " + Form;
                        return false;
                    }

                    source = value;
                    break;
                case "target" or "destination" or "dst":
                    if (target is not null || value is null)
                    {
                        error = value is null ? $"'{key}' needs a value; " + Form : "the target is given twice; " + Form;
                        return false;
                    }

                    target = value;
                    break;
                case "readonly" or "ro":
                    if (readOnly is not null)
                    {
                        error = "read-only is given twice; " + Form;
                        return false;
                    }

                    readOnly = value?.ToLowerInvariant() switch
                    {
                        null or "true" or "1" => true,
                        "false" or "0" => false,
                        _ => null,
                    };
                    if (readOnly is null)
                    {
                        error = $"'{key}' takes 'true', 'false', '1' or '0', not {ValueText.Quote(value!)}.";
                        return false;
                    }

                    break;
                default:
                    error = $"the key {ValueText.Quote(key)} is not supported; " + Form;
                    return false;
            }
        }

        if (target is null)
        {
            error = "it has no target; " + Form;
            return false;
        }

        var actualType = type ?? MountType.Volume;
        error = ValidateTarget(target);
        if (error is null)
        {
            error = actualType switch
            {
                MountType.Bind => source is null ? "a bind mount needs a source (an absolute host path)." : ValidateHostPath(source),
                MountType.Volume => source is null ? "a volume mount needs a source (the volume name)." : ValidateVolumeName(source),
                _ => source is not null ? "a tmpfs mount has no source."
                    : readOnly == true ? "a tmpfs mount cannot be read-only."
                    : null,
            };
        }

        if (error is not null)
        {
            // The shared checks word their messages as sentences for ArgumentException; here they follow a colon.
            error = char.ToLowerInvariant(error[0]) + error[1..];
            return false;
        }

        result = new Mount(actualType, source, target, readOnly ?? false);
        return true;
    }

    // Splits one CSV record the way Go's encoding/csv does, which is how the engines read --mount.
    private static bool TrySplitCsv(string text, out List<string> fields, [NotNullWhen(false)] out string? error)
    {
        fields = [];
        error = null;
        if (text.Length == 0)
        {
            error = "it is empty; " + Form;
            return false;
        }

        var i = 0;
        while (true)
        {
            var field = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = "a quoted field is never closed with '\"'.";
                        return false;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i]);
                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    error = "a quoted field must be followed by ',' or the end of the text.";
                    return false;
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '"')
                    {
                        error = "a '\"' inside a field requires the whole field to be quoted, with the inner '\"' doubled.";
                        return false;
                    }

                    field.Append(text[i]);
                    i++;
                }
            }

            if (field.Length == 0)
            {
                error = "it has an empty field; " + Form;
                return false;
            }

            fields.Add(field.ToString());
            if (i >= text.Length)
            {
                return true;
            }

            i++; // the ','
        }
    }

    /// <summary>Returns the canonical <c>--mount</c> text, such as <c>type=bind,source=/data,target=/srv,readonly</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(Type switch
        {
            MountType.Bind => "type=bind",
            MountType.Volume => "type=volume",
            _ => "type=tmpfs",
        });
        if (Source is not null)
        {
            builder.Append(',').Append(CsvField("source=" + Source));
        }

        builder.Append(',').Append(CsvField("target=" + Target));
        if (ReadOnly)
        {
            builder.Append(",readonly");
        }

        return builder.ToString();
    }

    private static string CsvField(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <inheritdoc />
    public bool Equals(Mount? other) =>
        other is not null
        && Type == other.Type
        && string.Equals(Source, other.Source, StringComparison.Ordinal)
        && string.Equals(Target, other.Target, StringComparison.Ordinal)
        && ReadOnly == other.ReadOnly;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Mount);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        Type,
        Source is null ? 0 : StringComparer.Ordinal.GetHashCode(Source),
        StringComparer.Ordinal.GetHashCode(Target),
        ReadOnly);

    /// <summary>Whether two mounts are equal.</summary>
    public static bool operator ==(Mount? left, Mount? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two mounts differ.</summary>
    public static bool operator !=(Mount? left, Mount? right) => !(left == right);
}
