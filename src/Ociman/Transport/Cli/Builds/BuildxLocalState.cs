using System.Text;
using System.Text.Json;

namespace Ociman.Transport.Cli;

/// <summary>Removes what <c>docker buildx bake</c> records about a build in buildx's local state.</summary>
/// <remarks>
/// Before it builds, bake saves its whole definition — build-argument values included — under
/// <c>refs/__group__/&lt;id&gt;</c> in buildx's configuration directory, and one <c>refs/&lt;builder&gt;/&lt;node&gt;/&lt;ref&gt;</c>
/// file per target that points to it. Ociman finds the group whose definition names the build's own tag (unique: a
/// temporary tag with a fresh GUID) and deletes it and its refs once bake has ended, so the values stay on disk no
/// longer than the build.
/// </remarks>
internal static class BuildxLocalState
{
    private const string GroupDirectory = "__group__";

    /// <summary>Buildx's configuration directory, as the plugin finds it: <c>$BUILDX_CONFIG</c>, else <c>$DOCKER_CONFIG/buildx</c>, else <c>~/.docker/buildx</c>.</summary>
    public static string ConfigDirectory(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (getEnvironmentVariable("BUILDX_CONFIG") is { Length: > 0 } configured)
        {
            return configured;
        }

        var docker = getEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dockerConfig
            ? dockerConfig
            : Path.Combine(getEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return Path.Combine(docker, "buildx");
    }

    /// <summary>Deletes the groups written since <paramref name="since"/> whose definition holds <paramref name="marker"/>, and their refs.</summary>
    /// <returns>The files deleted.</returns>
    /// <exception cref="IOException">A file could not be read or deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">A file could not be read or deleted.</exception>
    public static IReadOnlyList<string> Forget(string configDirectory, string marker, DateTime since)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentException.ThrowIfNullOrEmpty(marker);
        var refs = Path.Combine(configDirectory, "refs");
        var groups = Path.Combine(refs, GroupDirectory);
        var deleted = new List<string>();
        if (!Directory.Exists(groups))
        {
            return deleted;
        }

        foreach (var group in Directory.EnumerateFiles(groups))
        {
            // Only recent files: the directory keeps every bake ever run. A second of slack for coarse timestamps.
            if (File.GetLastWriteTimeUtc(group) < since.AddSeconds(-1) || ReadGroup(group) is not { } state || !state.Definition.Contains(marker, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in state.Refs)
            {
                foreach (var builder in Directory.EnumerateDirectories(refs).Where(d => Path.GetFileName(d) != GroupDirectory))
                {
                    foreach (var node in Directory.EnumerateDirectories(builder))
                    {
                        var file = Path.Combine(node, reference);
                        if (File.Exists(file))
                        {
                            File.Delete(file);
                            deleted.Add(file);
                        }
                    }
                }
            }

            File.Delete(group);
            deleted.Add(group);
        }

        return deleted;
    }

    /// <summary>Reads a group file: <c>{"Definition": base64, "Refs": [...]}</c>; null when it is not one.</summary>
    internal static (string Definition, IReadOnlyList<string> Refs)? ReadGroup(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("Definition", out var definition) || definition.ValueKind != JsonValueKind.String
                || !definition.TryGetBytesFromBase64(out var bytes))
            {
                return null;
            }

            var refs = doc.RootElement.TryGetProperty("Refs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).Where(IsPlainName).ToList()
                : [];
            return (Encoding.UTF8.GetString(bytes), refs);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A ref becomes a file name: never follow one that could leave its directory.
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
