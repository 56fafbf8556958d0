namespace Ociman.Engines;

/// <summary>Where the choice of engine came from.</summary>
internal enum SelectionSource
{
    EnvironmentVariable,
    ConfigFile,
    Auto,
}

/// <summary>The engines to probe, in order, and whether falling back to the next one is allowed.</summary>
internal sealed record EngineSelection(IReadOnlyList<EngineKind> Candidates, SelectionSource Source, string Description)
{
    public const string BackendVariable = "OCIMAN_BACKEND";

    /// <summary>Decides which engines to probe from <c>OCIMAN_BACKEND</c> and the config file, per spec section 1.</summary>
    /// <param name="backendVariable">The value of <c>OCIMAN_BACKEND</c>, or null when unset.</param>
    /// <param name="readConfig">Reads the config file's <c>default_backend</c>; only called when the variable is unset.</param>
    public static EngineSelection Resolve(string? backendVariable, Func<ConfigFileSetting?> readConfig)
    {
        if (backendVariable is not null)
        {
            return backendVariable switch
            {
                "docker" => new([EngineKind.Docker], SelectionSource.EnvironmentVariable, "OCIMAN_BACKEND=docker"),
                "podman" => new([EngineKind.Podman], SelectionSource.EnvironmentVariable, "OCIMAN_BACKEND=podman"),
                _ => throw new EngineConfigurationException(
                    $"OCIMAN_BACKEND is set to '{backendVariable}', which is not an engine. Allowed values: 'docker' or 'podman' (exactly, lower-case); unset it to detect the engine automatically."),
            };
        }

        var config = readConfig();
        return config?.DefaultBackend switch
        {
            // The config file states a preference; unlike OCIMAN_BACKEND it still falls back to the other engine.
            "docker" => new([EngineKind.Docker, EngineKind.Podman], SelectionSource.ConfigFile, $"default_backend = \"docker\" in {config.Path} (docker, then podman)"),
            "podman" => new([EngineKind.Podman, EngineKind.Docker], SelectionSource.ConfigFile, $"default_backend = \"podman\" in {config.Path} (podman, then docker)"),
            _ => new([EngineKind.Docker, EngineKind.Podman], SelectionSource.Auto, "automatic detection (docker, then podman)"),
        };
    }
}

/// <summary>The <c>default_backend</c> setting read from the config file.</summary>
internal sealed record ConfigFileSetting(string Path, string DefaultBackend);

/// <summary>Reads <c>ociman.toml</c>: one key, <c>default_backend = "auto" | "docker" | "podman"</c>.</summary>
internal static class ConfigFile
{
    /// <summary>The config file's path: <c>$XDG_CONFIG_HOME/ociman.toml</c>, else <c>$HOME/.config/ociman.toml</c>; null when neither variable is set.</summary>
    public static string? GetPath(Func<string, string?> getEnvironmentVariable)
    {
        var xdg = getEnvironmentVariable("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "ociman.toml");
        }

        var home = getEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config", "ociman.toml");
    }

    public static ConfigFileSetting? Read(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Parses the file's text; unknown keys are ignored, a bad value is an error naming the file.</summary>
    public static ConfigFileSetting? Parse(string path, string text)
    {
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0 && !line[..hash].Contains('"', StringComparison.Ordinal))
            {
                line = line[..hash].Trim();
            }

            if (line.Length == 0 || line.StartsWith('['))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || line[..eq].Trim() != "default_backend")
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim();
            var closing = value.Length > 1 ? value.IndexOf('"', 1) : -1;
            if (value.Length < 2 || value[0] != '"' || closing < 0 || value[(closing + 1)..].Trim().Length > 0 && !value[(closing + 1)..].Trim().StartsWith('#'))
            {
                throw new EngineConfigurationException(
                    $"{path}, line {lineNumber}: default_backend must be a quoted string, \"auto\", \"docker\" or \"podman\"; found {value}.");
            }

            var backend = value[1..closing];
            return backend is "auto" or "docker" or "podman"
                ? new ConfigFileSetting(path, backend)
                : throw new EngineConfigurationException(
                    $"{path}, line {lineNumber}: default_backend is \"{backend}\"; allowed values are \"auto\", \"docker\" and \"podman\".");
        }

        return null;
    }
}
